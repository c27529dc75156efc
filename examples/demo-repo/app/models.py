"""Orders and their line items."""

from datetime import datetime, timezone

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

db = SQLAlchemy()


class Order(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.String(64), nullable=False, index=True)
    status = db.Column(db.String(16), nullable=False, default="pending")
    total_cents = db.Column(db.Integer, nullable=False)
    currency = db.Column(db.String(3), nullable=False, default="EUR")
    created_at = db.Column(db.DateTime, default=lambda: datetime.now(timezone.utc))
    items = db.relationship("OrderItem", backref="order", cascade="all, delete-orphan")

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "status": self.status,
            "total_cents": self.total_cents,
            "currency": self.currency,
            "created_at": self.created_at.isoformat(),
            "items": [item.to_dict() for item in self.items],
        }


class OrderItem(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    order_id = db.Column(db.Integer, db.ForeignKey("order.id"), nullable=False)
    sku = db.Column(db.String(32), nullable=False)
    quantity = db.Column(db.Integer, nullable=False)
    unit_price_cents = db.Column(db.Integer, nullable=False)

    def to_dict(self) -> dict:
        return {"sku": self.sku, "quantity": self.quantity, "unit_price_cents": self.unit_price_cents}


def search_orders(customer_id: str, term: str) -> list[dict]:
    """Orders of a customer whose items match `term` (used by the storefront's search box)."""
    sql = (
        "SELECT DISTINCT o.id, o.status, o.total_cents FROM \"order\" o JOIN order_item i ON i.order_id = o.id "
        f"WHERE o.customer_id = :customer AND i.sku LIKE '%{term}%'"
    )
    rows = db.session.execute(text(sql), {"customer": customer_id})
    return [dict(row._mapping) for row in rows]
