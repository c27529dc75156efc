"""A literal screen over a batch's raw lines: which lines contain any of some literals.

Almost no log line is an attack, and most detections need a literal to occur before their
patterns or rules can match (a scanner's name, `${jndi:`, `/etc/sudoers`...). One pass of a
multi-literal automaton (core.prefilter: Hyperscan, else Aho-Corasick) over the joined raw
lines of a batch finds the few lines worth a detector's closer look, at a small fraction of
the cost of testing each line.

The answer is conservative: a line that is not ASCII counts as a hit (its lower case could
hold a literal its bytes do not, e.g. the Kelvin sign lower-cases to "k"), so a screen never
hides a line a field-by-field test would have kept — provided the field being tested is copied
verbatim from the raw line (see sigma.fields.VERBATIM_FIELDS).
"""

from __future__ import annotations

from collections.abc import Iterable

from pavedroad.core.prefilter import Prefilter, build_pattern_prefilter, build_prefilter
from pavedroad.monitor.detect.batch import EventBatch


class RawScreen:
    """Case-insensitive literals (or patterns), looked for in every raw line of a batch in one pass.

    A pattern must not match across a newline (no `\\s`, `.` or negated class that could take
    one: exclude "\\n" explicitly); screen patterns are written in the syntax Python's `re` and
    Hyperscan share.
    """

    __slots__ = ("_prefilter", "literals")

    def __init__(self, literals: Iterable[str], *, patterns: bool = False) -> None:
        self.literals = tuple(sorted({literal if patterns else literal.lower() for literal in literals if literal}))
        if not patterns and any("\n" in literal for literal in self.literals):
            raise ValueError("a screen literal cannot hold a newline (lines are joined by newlines)")
        build = build_pattern_prefilter if patterns else build_prefilter
        self._prefilter: Prefilter | None = build(self.literals) if self.literals else None

    def hits(self, batch: EventBatch) -> set[int]:
        """Indexes into `batch.events` of the lines holding a literal, and of non-ASCII lines."""
        if self._prefilter is None or not batch.events:
            return set()
        data, unsure = batch.raw_lines()
        found = set(unsure)
        # A match lies within one line (nothing matches a newline): its line's index is the
        # number of newlines before its end, counted on from the previous match.
        line = position = 0
        for end in sorted(end for _, _, end in self._prefilter.hits(data)):
            line += data.count(b"\n", position, end)
            position = end
            found.add(line)
        return found
