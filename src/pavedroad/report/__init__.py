"""Report formats: each turns one RunResult into text. Adding a format is one module and one entry below.

Modules are imported when their format is used, so a JSON run never loads the terminal's
or the HTML page's dependencies.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from pavedroad.core.run import RunResult

Renderer = Callable[[RunResult], str]

#: Format name (as given to `--format`) to the module and function that render it.
REPORTERS: dict[str, tuple[str, str]] = {
    "terminal": ("pavedroad.report.terminal", "render_terminal"),
    "json": ("pavedroad.report.json_report", "render_json"),
    "sarif": ("pavedroad.report.sarif", "render_sarif"),
    "junit": ("pavedroad.report.junit", "render_junit"),
    "html": ("pavedroad.report.html", "render_html"),
    "markdown": ("pavedroad.report.markdown", "render_markdown"),
}


def renderer(format_name: str) -> Renderer:
    """The render function of a format; ValueError names the known formats if it is unknown."""
    try:
        module_name, function_name = REPORTERS[format_name]
    except KeyError:
        known = ", ".join(sorted(REPORTERS))
        raise ValueError(f"unknown report format {format_name!r}; choose one of: {known}") from None
    function: Renderer = getattr(importlib.import_module(module_name), function_name)
    return function


def render(format_name: str, result: RunResult) -> str:
    """Render `result` in the named format."""
    return renderer(format_name)(result)


__all__ = ["REPORTERS", "Renderer", "render", "renderer"]
