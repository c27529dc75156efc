"""Report formats: each turns one RunResult into text. Adding a format is one module and one entry below."""

from __future__ import annotations

from collections.abc import Callable

from pavedroad.core.run import RunResult
from pavedroad.report.html import render_html
from pavedroad.report.json_report import render_json
from pavedroad.report.junit import render_junit
from pavedroad.report.markdown import render_markdown
from pavedroad.report.sarif import render_sarif
from pavedroad.report.terminal import render_terminal

Renderer = Callable[[RunResult], str]

#: Format name (as given to `--format`) to the function that renders it.
REPORTERS: dict[str, Renderer] = {
    "terminal": render_terminal,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "html": render_html,
    "markdown": render_markdown,
}


def render(format_name: str, result: RunResult) -> str:
    """Render `result` in the named format; ValueError names the known formats if it is unknown."""
    try:
        renderer = REPORTERS[format_name]
    except KeyError:
        known = ", ".join(sorted(REPORTERS))
        raise ValueError(f"unknown report format {format_name!r}; choose one of: {known}") from None
    return renderer(result)


__all__ = ["REPORTERS", "Renderer", "render"]
