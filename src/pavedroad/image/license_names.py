"""Debian's licence short names (DEP-5 `License:` fields) as SPDX expressions.

Debian writes `GPL-2+`, `Expat`, `BSD-3-clause`, `GPL-2+ or Artistic`; SBOMs and the licence
policy speak SPDX (`GPL-2.0-or-later`, `MIT`, `BSD-3-Clause`). Names SPDX knows (in any
case) are used as they are, the GNU family is spelled out, a few Debian-only names are
aliased, and anything else is kept as a `LicenseRef-` so it is never silently dropped or
guessed into a real SPDX id.
"""

from __future__ import annotations

import functools
import re

from license_expression import ExpressionError, get_spdx_licensing

_GNU = re.compile(r"^(?P<family>AGPL|LGPL|GPL|GFDL-NIV|GFDL)(?:-(?P<version>\d+(?:\.\d+)?))?(?P<later>\+)?$", re.I)
# A GNU licence without a version means "any version": Debian policy, and SPDX's reading of it.
_UNVERSIONED = {"GPL": "1.0", "LGPL": "2.0", "AGPL": "3.0", "GFDL": "1.1", "GFDL-NIV": "1.1"}
_GNU_SPDX = {"GFDL-NIV": "GFDL-{version}-no-invariants", "LGPL": "LGPL-{version}"}
DEBIAN_ALIASES = {
    "expat": "MIT",
    "artistic": "Artistic-1.0",
    "perl": "Artistic-1.0-Perl OR GPL-1.0-or-later",
    "apache-2": "Apache-2.0",
    "mpl-2": "MPL-2.0",
    "zope": "ZPL-2.1",
}
_EXCEPTION_CLAUSE = re.compile(r"^(?P<license>\S+)\s+with\s+(?P<exception>.+?)\s+exception$", re.I)
_OPERATOR = re.compile(r"\s+(and|or)\s+", re.I)
_UNSAFE_REF = re.compile(r"[^A-Za-z0-9.]+")


@functools.cache
def _spdx_ids() -> tuple[dict[str, str], dict[str, str]]:
    """SPDX licence ids and exception ids, by lower-case key."""
    licenses: dict[str, str] = {}
    exceptions: dict[str, str] = {}
    for key, symbol in get_spdx_licensing().known_symbols.items():
        (exceptions if symbol.is_exception else licenses)[key.lower()] = key
    return licenses, exceptions


def license_ref(name: str) -> str:
    """A `LicenseRef-` id standing for a licence name SPDX does not know."""
    return "LicenseRef-" + (_UNSAFE_REF.sub("-", name.replace("+", "-or-later")).strip("-") or "unknown")


def spdx_license_id(name: str) -> str:
    """One Debian licence name (no operators) as an SPDX id or expression, else a LicenseRef."""
    licenses, _ = _spdx_ids()
    lowered = name.lower()
    if lowered in DEBIAN_ALIASES:
        return DEBIAN_ALIASES[lowered]
    if lowered in licenses:
        return licenses[lowered]
    gnu = _GNU.match(name)
    if gnu:
        family = gnu.group("family").upper()
        version = gnu.group("version") or _UNVERSIONED[family]
        version = version if "." in version else f"{version}.0"
        later = gnu.group("later") or not gnu.group("version")
        spelled = _GNU_SPDX.get(family, "{family}-{version}").format(family=family, version=version)
        candidate = f"{spelled}-or-later" if later else f"{spelled}-only"
        if candidate.lower() in licenses:
            return licenses[candidate.lower()]
    return license_ref(name)


def _clause(clause: str) -> str:
    """`GPL-3+ with Bison exception` → `GPL-3.0-or-later WITH Bison-exception-2.2` when SPDX has one such exception."""
    found = _EXCEPTION_CLAUSE.match(clause)
    if found is None:
        return spdx_license_id(clause)
    _, exceptions = _spdx_ids()
    stem = f"{found.group('exception').lower().replace(' ', '-')}-exception"
    matching = [spdx for key, spdx in exceptions.items() if key == stem or key.startswith(f"{stem}-")]
    base = spdx_license_id(found.group("license"))
    if len(matching) == 1 and not base.startswith("LicenseRef-") and " " not in base:
        return f"{base} WITH {matching[0]}"
    return license_ref(clause)  # an exception SPDX cannot name exactly: kept whole rather than guessed


def debian_license_expression(field: str) -> str:
    """A DEP-5 `License:` first line (`GPL-2+ or Artistic, and BSD-3-clause`) as one SPDX expression."""
    groups: list[str] = []
    joiners: list[str] = []
    for number, group in enumerate(part.strip() for part in field.split(",")):
        # DEP-5: a comma binds looser than and/or; the word after it says which.
        word, _, rest = group.partition(" ")
        if number and word.lower() in ("and", "or"):
            joiners.append(word.upper())
            group = rest
        elif number:
            joiners.append("OR")
        pieces = _OPERATOR.split(group.strip())
        spelled = [piece.upper() if index % 2 else _parenthesised(_clause(piece)) for index, piece in enumerate(pieces)]
        groups.append(" ".join(spelled))
    expression = groups[0] if groups else ""
    for joiner, group in zip(joiners, groups[1:], strict=True):
        expression = f"({expression}) {joiner} ({group})"
    try:
        return str(get_spdx_licensing().parse(expression))
    except ExpressionError:
        return license_ref(field)


def _parenthesised(expression: str) -> str:
    return f"({expression})" if " OR " in expression or " AND " in expression else expression
