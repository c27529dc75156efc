"""Settings for the orders service, read once at start-up."""

import os


class Config:
    SECRET_KEY = os.environ["FLASK_SECRET_KEY"]
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "postgresql://orders@localhost:5432/orders")
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
    JWT_SIGNING_KEY = os.environ["JWT_SIGNING_KEY"]

    RECEIPTS_BUCKET = os.environ.get("RECEIPTS_BUCKET", "acme-orders-receipts")
    AWS_REGION = os.environ.get("AWS_REGION", "eu-west-1")
    # TODO(OPS-142): use the task role instead; hard-coded until the IAM change is approved.
    AWS_ACCESS_KEY_ID = "AKIALVGRW2PDZQYTCNLP"
    AWS_SECRET_ACCESS_KEY = "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"


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "sqlite:///:memory:"
