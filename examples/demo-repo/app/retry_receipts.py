"""Worker: receipts that failed to upload are retried every minute."""

import time

from app import create_app
from app.models import Order
from app.storage import store_receipt


def main() -> None:
    app = create_app()
    with app.app_context():
        while True:
            for order in Order.query.filter_by(status="paid-no-receipt").limit(50):
                store_receipt(order, {"retried": True})
                order.status = "paid"
            time.sleep(60)


if __name__ == "__main__":
    main()
