"""The report's page: Jinja2 templates, the environment that renders them, each section's body and
the whole self-contained HTML.

Templates live in ``templates/`` (package data): ``report.html.j2`` is the page,
``sections/<id>.html.j2`` one per section, ``_macros.html.j2`` the shared pieces, ``report.css``
the style. Values reach templates only through the context and the filters of
:mod:`nato3.report.format`, so every number shown comes from the library at build time.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from nato3.report.context import ReportContext
from nato3.report.section import Section

TEMPLATES = Path(__file__).resolve().parent / "templates"
TITLE = "Who carries NATO's defence burden?"


def template_paths() -> list[Path]:
    """Where the report's templates are: its own, then the shared document macros."""
    from nato3.render import html as document_html

    return [TEMPLATES, document_html.TEMPLATES]


def environment():
    """The Jinja2 environment of the report: autoescaping, strict undefined, format filters; one
    per process and set of template folders, so each template is compiled once."""
    return _environment(tuple(template_paths()))


@functools.cache
def _environment(paths: tuple[Path, ...]):
    import jinja2

    from nato3.render import html as document_html
    from nato3.report import format as fmt

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(fmt.filters())
    document_html.install(env)
    env.tests.update(fmt.tests())
    return env


def section_page(context: ReportContext) -> dict[str, Any]:
    """What the page says about itself that is known before any section is built."""
    return {
        "title": TITLE,
        "question": _question(),
        "year": context.year,
        "edition": context.edition,
        "built_on": context.built_on,
        "version": context.version,
    }


def render_section(context: ReportContext, section: Section, page: dict[str, Any] | None = None) -> str:
    """The body of ``section`` (its template); with ``page`` left out, the values of
    :func:`section_page` only, as the process that built the section knows them."""
    page = section_page(context) if page is None else page
    body = (
        environment()
        .get_template(section.template)
        .render(section=section, page=page, charts=section.charts, **section.values)
    )
    return body


def prerender(context: ReportContext, module, section: Section | None) -> Section | None:
    """Render ``section``'s body now, in the process that built it, unless its module needs what
    only the whole page knows (``RENDER_LAST``, the sources used by every section)."""
    if section is not None and not getattr(module, "RENDER_LAST", False):
        section.html = render_section(context, section)
    return section


def render(context: ReportContext, sections: list[Section]) -> str:
    """The whole page as one self-contained HTML string (bodies already rendered are used as they are)."""
    from markupsafe import Markup

    used = sorted({name for s in sections for name in s.sources if name in context.descriptors})
    page = section_page(context) | {
        "citations": [context.citation(name) for name in used],
        "used_sources": used,
        "projections": context.projected_horizon(),
    }
    bodies = [Markup(s.html if s.html is not None else render_section(context, s, page)) for s in sections]
    return (
        environment()
        .get_template("report.html.j2")
        .render(page=page, sections=list(zip(sections, bodies, strict=True)))
    )


def _question() -> str:
    import nato3
    from nato3.report.format import sentence

    return sentence(nato3.__doc__.strip().splitlines()[0].removeprefix("nato3: "))


def template_names() -> list[str]:
    """Every template file, relative to the templates folder (for checks and tests)."""
    return sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*") if p.is_file())
