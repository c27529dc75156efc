"""observability and infra credentials."""

from pavedroad.analyzers.secrets.detector import Detector

DETECTORS: tuple[Detector, ...] = ()
