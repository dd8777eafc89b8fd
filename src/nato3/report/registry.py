"""The section registry: every module in :mod:`nato3.report.sections` is a section.

A section module defines

* ``ID`` (str): the HTML id and template name, ``templates/sections/<ID>.html.j2``;
* ``TITLE`` (str): its heading;
* ``ORDER`` (int): where it goes in the report (smaller first);
* ``build(context: ReportContext) -> Section | None``: None when the analysis has nothing for
  these inputs (an edition without the figures it needs); the section is then left out;
* optionally ``RENDER_LAST = True`` when its template reads what only the whole page knows (the
  sources every section used): its body is then rendered with the page, not where it was built;

Adding a module (and its template) adds the section; nothing else needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

REQUIRED = {"ID": str, "TITLE": str, "ORDER": int}
CALLABLES = ("build",)


def _check(module: ModuleType) -> ModuleType:
    for name, kind in REQUIRED.items():
        if not isinstance(getattr(module, name, None), kind):
            raise TypeError(f"report section {module.__name__} needs {name} ({kind.__name__})")
    for name in CALLABLES:
        if not callable(getattr(module, name, None)):
            raise TypeError(f"report section {module.__name__} needs a function {name}()")
    return module


def section_modules() -> list[ModuleType]:
    """Every section module, checked and sorted by ``ORDER``.

    Raises:
        TypeError: a module lacks part of the section interface, or two share an ID or ORDER.
    """
    from nato3.report import sections

    found = [
        _check(importlib.import_module(f"{sections.__name__}.{info.name}"))
        for info in pkgutil.iter_modules(sections.__path__)
        if not info.name.startswith("_")
    ]
    for attribute in ("ID", "ORDER"):
        values = [getattr(m, attribute) for m in found]
        duplicates = sorted({str(v) for v in values if values.count(v) > 1})
        if duplicates:
            raise TypeError(f"report sections share {attribute}: {', '.join(duplicates)}")
    return sorted(found, key=lambda m: m.ORDER)
