"""HTTP endpoints for creating, listing and paying for orders."""

from flask import Blueprint, abort, g, jsonify, request

from app.auth import require_customer
from app.github_issues import report_failure
from app.models import Order, OrderItem, db, search_orders
from app.payments import charge
from app.storage import store_receipt

orders = Blueprint("orders", __name__)


@orders.get("/")
@require_customer
def list_orders():
    found = Order.query.filter_by(customer_id=g.customer_id).order_by(Order.created_at.desc()).all()
    return jsonify([order.to_dict() for order in found])


@orders.get("/search")
@require_customer
def search():
    return jsonify(search_orders(g.customer_id, request.args.get("q", "")))


@orders.post("/")
@require_customer
def create_order():
    body = request.get_json(force=True)
    items = [OrderItem(sku=item["sku"], quantity=int(item["quantity"]), unit_price_cents=int(item["price"]))
             for item in body.get("items", [])]
    if not items:
        abort(400, "an order needs at least one item")
    order = Order(customer_id=g.customer_id, items=items,
                  total_cents=sum(item.quantity * item.unit_price_cents for item in items))
    db.session.add(order)
    db.session.commit()
    return jsonify(order.to_dict()), 201


@orders.post("/<int:order_id>/pay")
@require_customer
def pay(order_id: int):
    order = Order.query.filter_by(id=order_id, customer_id=g.customer_id).first_or_404()
    try:
        receipt = charge(order, request.get_json(force=True)["payment_method"])
    except Exception as error:
        report_failure(order, error)
        raise
    order.status = "paid"
    db.session.commit()
    store_receipt(order, receipt)
    return jsonify(order.to_dict())
