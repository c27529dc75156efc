"""Bearer-token authentication: the storefront signs a short-lived JWT per customer session."""

from functools import wraps

import jwt
from flask import current_app, g, jsonify, request


def require_customer(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return jsonify(error="missing bearer token"), 401
        try:
            claims = jwt.decode(
                header.removeprefix("Bearer "),
                current_app.config["JWT_SIGNING_KEY"],
                algorithms=["HS256"],
            )
        except jwt.InvalidTokenError:
            return jsonify(error="invalid token"), 401
        g.customer_id = claims["sub"]
        return view(*args, **kwargs)

    return wrapper
