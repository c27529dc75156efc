"""The catalogue: every detector, one data row each, grouped by what they protect."""

from __future__ import annotations

from pavedroad.analyzers.secrets.detector import Detector
from pavedroad.analyzers.secrets.detectors import (
    ai,
    chat_mail,
    cloud,
    generic,
    keys,
    observability_infra,
    payments,
    registries,
    source_hosting,
)

ALL_DETECTORS: tuple[Detector, ...] = (
    *cloud.DETECTORS,
    *source_hosting.DETECTORS,
    *registries.DETECTORS,
    *chat_mail.DETECTORS,
    *payments.DETECTORS,
    *ai.DETECTORS,
    *observability_infra.DETECTORS,
    *keys.DETECTORS,
    *generic.DETECTORS,
)


def _check_unique(detectors: tuple[Detector, ...]) -> None:
    seen: set[str] = set()
    for detector in detectors:
        if detector.slug in seen:
            raise ValueError(f"duplicate secrets detector slug: {detector.slug}")
        seen.add(detector.slug)


_check_unique(ALL_DETECTORS)
