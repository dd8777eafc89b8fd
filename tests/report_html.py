"""Read a built report back: every element with its attributes and text, via the stdlib parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        return re.sub(r"[ \t\r\n\f]+", " ", "".join(self.parts)).strip()  # keeps no-break spaces

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            wanted = (tag is None or child.tag == tag) and all(
                child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()
            )
            if wanted:
                found.append(child)
            found += child.find_all(tag, **attrs)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        for element in self.stack[1:]:
            element.parts.append(data)


def parse(path: Path | str) -> Element:
    parser = _Parser()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    parser.close()
    return parser.root


def figures(root: Element) -> dict[str, Element]:
    """The headline's ``<data data-figure=...>`` elements by key (pledge counts keyed ``key:pledge``)."""
    out = {}
    for element in root.find("section", id="headline").find_all("data"):
        key = element.attrs["data-figure"]
        if "data-pledge" in element.attrs:
            key += ":" + element.attrs["data-pledge"]
        assert key not in out, f"duplicate headline figure {key}"
        out[key] = element
    return out
