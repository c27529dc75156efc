"""`--image NAME:TAG`: which images of a multi-image tarball to scan.

Names compare the way `docker` resolves them: `nginx`, `nginx:latest`,
`library/nginx:latest` and `docker.io/library/nginx:latest` are one image, so a user can
type the short name whichever form the tarball recorded.
"""

from __future__ import annotations

from pavedroad.image.archive import ImageFormatError, ImageLayout

DEFAULT_REGISTRIES = ("docker.io/", "index.docker.io/", "registry-1.docker.io/")
OFFICIAL_NAMESPACE = "library/"


def normalise_name(name: str) -> str:
    """`name` as docker would resolve it: default registry and `library/` dropped, `:latest` added."""
    for registry in DEFAULT_REGISTRIES:
        if name.startswith(registry):
            name = name[len(registry) :]
            break
    name = name.removeprefix(OFFICIAL_NAMESPACE)
    last_segment = name.rsplit("/", 1)[-1]
    # A registry port ("localhost:5000/app") is not a tag: only the last segment can carry one.
    if ":" not in last_segment and "@" not in last_segment:
        name = f"{name}:latest"
    return name


def select_images(images: list[ImageLayout], wanted: str, label: str) -> list[ImageLayout]:
    """The images named `wanted`; ImageFormatError listing every image when none is."""
    target = normalise_name(wanted)
    chosen = [
        image
        for image in images
        if wanted in (image.reference, *image.names) or target in {normalise_name(name) for name in image.names}
    ]
    if not chosen:
        listing = ", ".join(image.reference for image in images)
        raise ImageFormatError(f"{label}: no image named {wanted!r}; the tarball holds: {listing}")
    return chosen
