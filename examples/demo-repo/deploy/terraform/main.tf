terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type = string
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_s3_bucket" "receipts" {
  bucket = "acme-orders-receipts-${var.environment}"
}

resource "aws_s3_bucket_public_access_block" "receipts" {
  bucket                  = aws_s3_bucket.receipts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "receipts" {
  bucket = aws_s3_bucket.receipts.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_db_subnet_group" "orders" {
  name       = "orders-${var.environment}"
  subnet_ids = data.aws_subnets.private.ids
}

data "aws_subnets" "private" {
  filter {
    name   = "tag:tier"
    values = ["private"]
  }
}

resource "aws_db_instance" "orders" {
  identifier              = "orders-${var.environment}"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = "db.t4g.small"
  allocated_storage       = 20
  db_name                 = "orders"
  username                = "orders"
  password                = var.db_password
  db_subnet_group_name    = aws_db_subnet_group.orders.name
  publicly_accessible     = true
  storage_encrypted       = false
  backup_retention_period = 1
  skip_final_snapshot     = true
}

output "receipts_bucket" {
  value = aws_s3_bucket.receipts.bucket
}

output "database_endpoint" {
  value = aws_db_instance.orders.endpoint
}
