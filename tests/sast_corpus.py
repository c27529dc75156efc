"""The labelled SAST corpus: each case a small program (one or more files) whose expected findings
are marked on their lines with `expect: sast/<rule>` comments. Shared by the tests and
benchmarks/sast.py, which computes precision and recall from the same labels."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from pavedroad.analyzers.sast.analyzer import SastAnalyzer
from pavedroad.core.analyzer import AnalysisContext, Target
from pavedroad.core.filekinds import HEAD_BYTES, classify

CORPUS = Path(__file__).resolve().parent / "fixtures" / "sast"
EXPECT = re.compile(r"expect(-next)?: (sast/[\w-]+)")
LABELLED_SUFFIXES = frozenset({".py", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx"})

Label = tuple[str, str, int]  # (rule, file relative to the case, line)


def cases() -> list[Path]:
    """Every case directory: tests/fixtures/sast/<group>/<case>/."""
    return sorted(case for group in CORPUS.iterdir() if group.is_dir() for case in group.iterdir() if case.is_dir())


def expected(case: Path) -> set[Label]:
    labels: set[Label] = set()
    for path in sorted(p for p in case.rglob("*") if p.suffix in LABELLED_SUFFIXES):
        relpath = path.relative_to(case).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for match in EXPECT.finditer(line):
                labels.add((match.group(2), relpath, number + (1 if match.group(1) else 0)))
    return labels


def targets(root: Path) -> list[Target]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            relpath = path.relative_to(root).as_posix()
            with open(path, "rb") as handle:
                language, kinds = classify(relpath, handle.read(HEAD_BYTES))
            found.append(Target(str(path), relpath, path.stat().st_size, language, kinds))
    return found


def reported(case: Path, workdir: Path) -> tuple[set[Label], list[str]]:
    """What pavedroad reports on the case (copied to `workdir`), and any scanner issues."""
    shutil.copytree(case, workdir, dirs_exist_ok=True)
    outcome = SastAnalyzer().analyze_project(targets(workdir), AnalysisContext(str(workdir)))
    labels = {(f.rule_id, f.location.path, f.location.start_line) for f in outcome.findings}
    return labels, [f"{issue.path}:{issue.line}: {issue.message}" for issue in outcome.issues]


def known_gaps() -> set[str]:
    """`<group>/<case>` entries (in known-gaps*.txt) whose labels pavedroad does not (yet) match, each with a reason."""
    gaps = set()
    for listing in sorted(CORPUS.glob("known-gaps*.txt")):
        for line in listing.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                gaps.add(line.split()[0])
    return gaps
