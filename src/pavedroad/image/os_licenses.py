"""OS packages whose licence is unknown, said once when a licence policy is there to check them.

A dpkg package without a machine-readable copyright file, an apk or rpm entry without a
licence field: the policy cannot judge these, and a user relying on the policy must know
which packages it passed over rather than read silence as "allowed".
"""

from __future__ import annotations

from collections.abc import Sequence

from pavedroad.core.components import Component
from pavedroad.image.problems import ImageProblem

OS_PURL_PREFIXES = ("pkg:deb/", "pkg:apk/", "pkg:rpm/")
MAX_NAMES_LISTED = 10


def unknown_license_warning(components: Sequence[Component]) -> list[ImageProblem]:
    """One warning naming the OS packages with no known licence (none when all are known)."""
    unknown = [c for c in components if (c.purl or "").startswith(OS_PURL_PREFIXES) and not c.licenses]
    if not unknown:
        return []
    names = sorted({component.name for component in unknown})
    listed = ", ".join(names[:MAX_NAMES_LISTED])
    if len(names) > MAX_NAMES_LISTED:
        listed += f" and {len(names) - MAX_NAMES_LISTED} more"
    message = (
        f"licence unknown for {len(names)} OS package(s), not checked by the licence policy "
        f"(no machine-readable copyright file or licence field): {listed}"
    )
    return [ImageProblem(unknown[0].source, message, is_error=False)]
