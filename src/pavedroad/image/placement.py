"""Findings and problems of a multi-image tarball, placed in the image they belong to.

With several images in one tarball, `var/lib/dpkg/status` or `image-config` alone does not
say which image is meant: every path becomes `<image>!/<path>` (the `jar!/entry` convention)
and every finding carries an `image` property. The fingerprint is re-derived from the
placed path, so the same flaw in two images is two findings that a baseline tells apart.
"""

from __future__ import annotations

import dataclasses

from pavedroad.core.components import Component
from pavedroad.core.findings import Finding, make_fingerprint
from pavedroad.image.problems import ImageProblem

IMAGE_PROPERTY = "image"
SEPARATOR = "!/"


def image_path(reference: str, path: str) -> str:
    """`path` inside the image `reference`."""
    return f"{reference}{SEPARATOR}{path}"


def component_in_image(component: Component, reference: str) -> Component:
    """The component with its source placed in the image (findings made from it point there)."""
    return dataclasses.replace(component, source=image_path(reference, component.source))


def problem_in_image(problem: ImageProblem, reference: str) -> ImageProblem:
    """The problem with its path placed in the image."""
    return dataclasses.replace(problem, path=image_path(reference, problem.path))


def finding_in_image(finding: Finding, reference: str) -> Finding:
    """The finding placed in the image and naming it; one already placed (through its component) keeps its path."""
    prefix = image_path(reference, "")
    properties = (*finding.properties, (IMAGE_PROPERTY, reference))
    if finding.location.path.startswith(prefix):
        return dataclasses.replace(finding, properties=properties)
    path = image_path(reference, finding.location.path)
    return dataclasses.replace(
        finding,
        location=dataclasses.replace(finding.location, path=path),
        # The old fingerprint stands for the offending content, which is never kept in clear.
        fingerprint=make_fingerprint(finding.rule_id, path, finding.fingerprint),
        properties=properties,
    )
