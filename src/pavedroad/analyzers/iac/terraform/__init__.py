"""Terraform: HCL2 modules (variables, locals, count/for_each, local modules) and plan JSON."""
