"""Every analyzer pavedroad knows: the built-in list, plus the `pavedroad.analyzers` entry points."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import entry_points

from pavedroad.analyzers.iac.analyzer import IacAnalyzer
from pavedroad.analyzers.pipelines.analyzer import PipelinesAnalyzer
from pavedroad.analyzers.sast.analyzer import SastAnalyzer
from pavedroad.analyzers.sca.analyzer import ScaAnalyzer
from pavedroad.analyzers.secrets.analyzer import SecretsAnalyzer
from pavedroad.core.analyzer import FileAnalyzer, ProjectAnalyzer
from pavedroad.core.errors import UsageError

ENTRY_POINT_GROUP = "pavedroad.analyzers"

Analyzer = FileAnalyzer | ProjectAnalyzer


def builtin_analyzers() -> list[Analyzer]:
    return [SecretsAnalyzer(), ScaAnalyzer(), IacAnalyzer(), PipelinesAnalyzer(), SastAnalyzer()]


def plugin_analyzers() -> list[Analyzer]:
    """Third-party analyzers: each entry point names a class (or factory) taking no arguments."""
    loaded: list[Analyzer] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        factory = entry.load()
        loaded.append(factory())
    return loaded


def all_analyzers() -> list[Analyzer]:
    return [*builtin_analyzers(), *plugin_analyzers()]


def select_analyzers(names: Sequence[str] | None, enabled: dict[str, bool]) -> list[Analyzer]:
    """The analyzers a scan runs: `names` from --analyzers if given, then config on/off switches."""
    available = all_analyzers()
    by_name = {analyzer.name: analyzer for analyzer in available}
    if names:
        unknown = [name for name in names if name not in by_name]
        if unknown:
            raise UsageError(f"unknown analyzer {', '.join(unknown)}; available: {', '.join(sorted(by_name))}")
        return [by_name[name] for name in names]
    return [analyzer for analyzer in available if enabled.get(analyzer.name, True)]
