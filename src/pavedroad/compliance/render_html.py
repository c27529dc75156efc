"""The posture as one printable HTML page: Jinja2 with autoescaping, inline CSS, no external assets."""

from __future__ import annotations

from functools import cache

import jinja2

import pavedroad
from pavedroad.compliance.posture import ControlState, Posture

TEMPLATE = "posture.html"


@cache
def _environment() -> jinja2.Environment:
    # Autoescape every value: messages, paths and snippets come from scanned code or imported tools.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pavedroad.compliance", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(posture: Posture) -> str:
    """The page as a string; it prints one control per block with its evidence."""
    template = _environment().get_template(TEMPLATE)
    return template.render(
        posture=posture,
        framework=posture.framework,
        summary=[(state.value, posture.count(state)) for state in ControlState],
        version=pavedroad.__version__,
    )
