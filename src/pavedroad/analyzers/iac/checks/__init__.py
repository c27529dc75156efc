"""Every built-in IaC check, gathered from one module per provider or format."""

from __future__ import annotations

from pavedroad.analyzers.iac.check import Check
from pavedroad.analyzers.iac.checks.aws import CHECKS as AWS
from pavedroad.analyzers.iac.checks.aws_services import CHECKS as AWS_SERVICES
from pavedroad.analyzers.iac.checks.azure import CHECKS as AZURE
from pavedroad.analyzers.iac.checks.cloudformation import CHECKS as CLOUDFORMATION
from pavedroad.analyzers.iac.checks.compose import CHECKS as COMPOSE
from pavedroad.analyzers.iac.checks.dockerfile import CHECKS as DOCKERFILE
from pavedroad.analyzers.iac.checks.gcp import CHECKS as GCP
from pavedroad.analyzers.iac.checks.kubernetes import CHECKS as KUBERNETES
from pavedroad.analyzers.iac.checks.terraform_modules import CHECKS as TERRAFORM_MODULES

IAC_CHECKS: tuple[Check, ...] = (
    *AWS,
    *AWS_SERVICES,
    *AZURE,
    *GCP,
    *TERRAFORM_MODULES,
    *KUBERNETES,
    *DOCKERFILE,
    *COMPOSE,
    *CLOUDFORMATION,
)
