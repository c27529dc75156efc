"""Find secrets in bytes: prefilter once, then exact regex and validation near each hit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pavedroad.analyzers.secrets.detector import Detector, InTestPaths
from pavedroad.analyzers.secrets.noise import is_placeholder, looks_like_non_secret_identifier
from pavedroad.analyzers.secrets.validators import shannon_entropy
from pavedroad.core.findings import Confidence
from pavedroad.core.prefilter import build_prefilter

# How far from a keyword hit a match may reach on one (possibly minified, huge) line.
WINDOW_RADIUS = 2048
# How far a multi-line credential (a PEM block, a JSON key file) may reach past its keyword.
MULTILINE_REACH = 16384


@dataclass(frozen=True, slots=True)
class SecretMatch:
    """One verified credential: byte offsets into the scanned buffer."""

    detector: Detector
    start: int
    end: int
    secret_start: int
    secret_end: int
    secret: str
    confidence: Confidence


class SecretsEngine:
    """All detectors compiled once; `find` is safe to call for many buffers."""

    def __init__(self, detectors: Sequence[Detector]) -> None:
        self.detectors = tuple(detectors)
        keywords = sorted({keyword.lower() for detector in detectors for keyword in detector.keywords})
        keyword_index = {keyword: index for index, keyword in enumerate(keywords)}
        self._detectors_by_keyword: list[list[int]] = [[] for _ in keywords]
        for detector_index, detector in enumerate(self.detectors):
            for keyword in {keyword.lower() for keyword in detector.keywords}:
                self._detectors_by_keyword[keyword_index[keyword]].append(detector_index)
        self._regexes = [
            re.compile(detector.pattern.encode(), re.IGNORECASE if detector.ignore_case else 0)
            for detector in self.detectors
        ]
        self._prefilter = build_prefilter(keywords)

    @property
    def prefilter_backend(self) -> str:
        return self._prefilter.backend

    def find(self, data: bytes, in_test_path: bool = False) -> list[SecretMatch]:
        """Every verified credential in `data`, ordered by position."""
        hits_by_keyword: dict[int, list[tuple[int, int]]] = {}
        for keyword_id, hit_start, hit_end in self._prefilter.hits(data):
            hits_by_keyword.setdefault(keyword_id, []).append((hit_start, hit_end))
        windows: dict[int, list[tuple[int, int]]] = {}
        for keyword_id, hits in hits_by_keyword.items():
            # Windows are computed once per keyword (per window shape), not once per detector.
            shaped: dict[bool, list[tuple[int, int]]] = {}
            for detector_index in self._detectors_by_keyword[keyword_id]:
                multiline = self.detectors[detector_index].multiline
                if multiline not in shaped:
                    shaped[multiline] = _merge_overlapping(_windows(data, hits, multiline))
                windows.setdefault(detector_index, []).extend(shaped[multiline])
        found: dict[tuple[int, int], SecretMatch] = {}
        for detector_index, detector_windows in windows.items():
            detector = self.detectors[detector_index]
            regex = self._regexes[detector_index]
            # Overlapping windows (many hits on one long line) are searched once, as their union.
            for window_start, window_end in _merge_overlapping(detector_windows):
                for match in regex.finditer(data, window_start, window_end):
                    verified = _verify(detector, match, in_test_path)
                    if verified is not None:
                        found.setdefault((detector_index, verified.secret_start), verified)
        matches = sorted(found.values(), key=lambda item: (item.start, item.detector.slug))
        return _apply_pairing(_drop_generic_overlaps(matches))


def _windows(data: bytes, hits: list[tuple[int, int]], multiline: bool) -> list[tuple[int, int]]:
    """One window per hit, except hits inside the previous hit's window on the same line."""
    windows: list[tuple[int, int]] = []
    for hit_start, hit_end in hits:
        if windows and not multiline:
            start, end = windows[-1]
            # That window runs to the end of this line, so this hit's window would lie inside it.
            if start <= hit_start and hit_end <= end and (end == len(data) or data[end] == 10):
                continue
        windows.append(_window(data, hit_start, hit_end, multiline))
    return windows


def _merge_overlapping(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of windows that overlap; windows that only touch (consecutive lines) stay apart,
    so a pattern never matches across a line break it could not see in a per-line window."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(windows)):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _window(data: bytes, hit_start: int, hit_end: int, multiline: bool) -> tuple[int, int]:
    low = max(0, hit_start - WINDOW_RADIUS)
    newline_before = data.rfind(b"\n", low, hit_start)
    start = newline_before + 1 if newline_before >= 0 else low
    if multiline:
        return start, min(len(data), hit_end + MULTILINE_REACH)
    high = min(len(data), hit_end + WINDOW_RADIUS)
    newline_after = data.find(b"\n", hit_end, high)
    return start, newline_after if newline_after >= 0 else high


def _verify(detector: Detector, match: re.Match[bytes], in_test_path: bool) -> SecretMatch | None:
    group = "secret" if "secret" in match.re.groupindex else 0
    secret_start, secret_end = match.span(group)
    if secret_start < 0:
        return None
    secret = match.group(group).decode("utf-8", "replace")
    if detector.placeholder_check and is_placeholder(secret):
        return None
    if detector.min_entropy is not None and (
        looks_like_non_secret_identifier(secret) or shannon_entropy(secret) < detector.min_entropy
    ):
        return None
    if detector.validator is not None and not detector.validator(secret):
        return None
    confidence = detector.confidence
    if in_test_path:
        if detector.in_test_paths is InTestPaths.SKIP:
            return None
        if detector.in_test_paths is InTestPaths.LOW:
            confidence = Confidence.LOW
    start, end = match.span()
    return SecretMatch(detector, start, end, secret_start, secret_end, secret, confidence)


def _drop_generic_overlaps(matches: list[SecretMatch]) -> list[SecretMatch]:
    specific = [(match.secret_start, match.secret_end) for match in matches if not match.detector.generic]
    return [
        match
        for match in matches
        if not match.detector.generic
        or not any(start < match.secret_end and match.secret_start < end for start, end in specific)
    ]


def _apply_pairing(matches: list[SecretMatch]) -> list[SecretMatch]:
    """A half of a credential pair without its other half in the file is less certain."""
    present = {match.detector.slug for match in matches}
    paired: list[SecretMatch] = []
    for match in matches:
        partner = match.detector.pairs_with
        if partner and partner not in present and match.confidence is Confidence.HIGH:
            match = replace(match, confidence=Confidence.MEDIUM)
        paired.append(match)
    return paired
