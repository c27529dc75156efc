"""pavedroad: the paved road for DevSecOps."""

__version__ = "0.1.0"
