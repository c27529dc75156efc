"""Card payments through Stripe."""

import stripe
from flask import current_app


def charge(order, payment_method: str) -> dict:
    stripe.api_key = current_app.config["STRIPE_SECRET_KEY"]
    intent = stripe.PaymentIntent.create(
        amount=order.total_cents,
        currency=order.currency.lower(),
        payment_method=payment_method,
        confirm=True,
        metadata={"order_id": str(order.id)},
    )
    return {"payment_intent": intent.id, "amount": intent.amount, "status": intent.status}
