"""The version orders no maintained library gets right for OSV, written out by hand.

- SemVer as OSV uses it: Go omits the `v` (`1.6.0`) while go.mod has it (`v1.6.0`); Bitnami
  zero-pads calendar versions (`2023.03.13`); a missing minor or patch (`1.2`) means `.0`.
  Strict parsing is `semver`'s; only what it rejects goes through the tolerant pattern.
  Build metadata (`+incompatible`, Julia's `8.9.0+0`) never affects precedence.
- Dotted numeric for Hackage, GHC and CRAN: `1.5.6.0`, `1.4-1`; components compare as
  integers, and a version that is a prefix of another is older (`1.0` < `1.0.0`).
- Packagist: PHP's `version_compare` after Composer's canonicalisation, as osv.dev does.
  univers' Composer order is plain SemVer and gets `beta1 < RC1`, `beta2 < beta10`,
  `2.1.0.1 > 2.1.0` and `1.0.0-p1 > 1.0.0` wrong.
- RPM `[epoch:]version-release` as a sort key. univers' rpmvercmp is correct but re-splits
  both strings with regular expressions on every comparison, which made matching an
  AlmaLinux image's packages take seconds; the key gives the same order (the tests check
  it against univers on every AlmaLinux version in the OSV data) with tuple comparisons.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_TOLERANT_SEMVER = re.compile(
    r"(?P<major>\d+)(?:\.(?P<minor>\d+))?(?:\.(?P<patch>\d+))?"
    r"(?:-(?P<prerelease>[0-9A-Za-z.-]+))?(?:\+(?P<build>[0-9A-Za-z.-]+))?"
)
_DOTTED_NUMERIC = re.compile(r"\d+(?:[.-]\d+)*")


SemverKey = tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]


def parse_semver(version: str) -> SemverKey:
    """A SemVer 2.0 precedence key, with a leading `v` and the tolerances above; ValueError if none.

    The key is a plain tuple so that comparisons run at C speed: a release sorts after its
    prereleases, numeric identifiers before alphanumeric ones, build metadata is ignored.
    """
    import semver  # here: the package imports argparse for its CLI, which `affected` need not pay for

    text = version[1:] if version[:1] in ("v", "V") else version
    try:
        parsed = semver.Version.parse(text)
        major, minor, patch, prerelease = parsed.major, parsed.minor, parsed.patch, parsed.prerelease
    except ValueError:
        match = _TOLERANT_SEMVER.fullmatch(text)
        if match is None:
            raise
        major, minor, patch = int(match["major"]), int(match["minor"] or 0), int(match["patch"] or 0)
        prerelease = match["prerelease"]
    if prerelease is None:
        return major, minor, patch, 1, ()
    identifiers = tuple((0, int(part)) if part.isdigit() else (1, part) for part in prerelease.split("."))
    return major, minor, patch, 0, identifiers


def parse_dotted_numeric(version: str) -> tuple[int, ...]:
    """Hackage/GHC/CRAN versions as a tuple of integers; ValueError if not all-numeric."""
    if not _DOTTED_NUMERIC.fullmatch(version):
        raise ValueError(f"{version!r} is not a dotted numeric version")
    return tuple(int(part) for part in re.split(r"[.-]", version))


# PHP's special forms, lowest first; "#" stands for any number. Unknown words weigh like "dev".
_PHP_SPECIAL_WEIGHTS = (("dev", 0), ("a", 1), ("b", 2), ("rc", 3), ("RC", 3), ("#", 4), ("p", 5))


def _php_special_weight(part: str) -> int:
    for prefix, weight in _PHP_SPECIAL_WEIGHTS:
        if part.startswith(prefix):
            return weight
    return 0


def _compare_packagist_parts(left: list[str], right: list[str]) -> int:
    for a, b in zip(left, right, strict=False):
        if a.isdigit() and b.isdigit():
            difference = int(a) - int(b)
        else:
            difference = _php_special_weight("#" if a.isdigit() else a) - _php_special_weight("#" if b.isdigit() else b)
        if difference:
            return 1 if difference > 0 else -1
    if len(left) > len(right):
        return 1 if left[len(right)].isdigit() else _compare_packagist_parts(left[len(right) :], ["#"])
    if len(left) < len(right):
        return -1 if right[len(left)].isdigit() else _compare_packagist_parts(["#"], right[len(left) :])
    return 0


def _canonical_packagist_parts(version: str) -> list[str]:
    text = version[1:] if version[:1] in ("v", "V") else version
    text = re.sub(r"[-_+]", ".", text)
    text = re.sub(r"([^\d.])(\d)", r"\1.\2", text)
    text = re.sub(r"(\d)([^\d.])", r"\1.\2", text)
    return [part for part in text.split(".") if part]


_PackagistKey = functools.cmp_to_key(_compare_packagist_parts)


def parse_packagist(version: str) -> Any:
    """A sort key for a Packagist version; ValueError for branch names such as `dev-main`."""
    parts = _canonical_packagist_parts(version)
    if not parts or not parts[0].isdigit():
        raise ValueError(f"{version!r} is not a Packagist release version")
    return _PackagistKey(parts)


# rpmvercmp's order of token kinds: "~" < end of string < "^" < letters < digits.
_RPM_TILDE, _RPM_END, _RPM_CARET, _RPM_ALPHA, _RPM_NUMBER = range(5)
_RPM_TOKEN = re.compile(r"~|\^|[A-Za-z]+|[0-9]+")
RpmKey = tuple[int, tuple[tuple[int, int | str], ...], tuple[tuple[int, int | str], ...]]


def _rpm_segments(text: str) -> tuple[tuple[int, int | str], ...]:
    tokens: list[tuple[int, int | str]] = []
    for token in _RPM_TOKEN.findall(text):  # every other character only separates segments
        if token == "~":
            tokens.append((_RPM_TILDE, 0))
        elif token == "^":
            tokens.append((_RPM_CARET, 0))
        elif token.isdigit():
            tokens.append((_RPM_NUMBER, int(token)))
        else:
            tokens.append((_RPM_ALPHA, token))
    tokens.append((_RPM_END, 0))
    return tuple(tokens)


def parse_rpm(version: str) -> RpmKey:
    """A sort key for an RPM `[epoch:]version[-release]`, ordered as rpmvercmp orders them."""
    epoch_text, colon, rest = version.partition(":")
    if not colon:
        epoch_text, rest = "0", version
    if not epoch_text.isdigit() or not rest:
        raise ValueError(f"{version!r} is not an RPM [epoch:]version-release")
    upstream, _, release = rest.rpartition("-") if "-" in rest else (rest, "", "")
    return int(epoch_text), _rpm_segments(upstream), _rpm_segments(release)
