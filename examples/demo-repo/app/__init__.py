"""The orders service: a small Flask API in front of Postgres, S3 and Stripe."""

from flask import Flask

from app.config import Config
from app.models import db
from app.routes import orders


def create_app(config: type[Config] = Config) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config)
    db.init_app(app)
    app.register_blueprint(orders, url_prefix="/orders")

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app
