"""Read a YAML input file (scenario, sweep, drawdown) into a pydantic model, with errors that
name the file, the line and the field.

YAML is parsed with line numbers kept for every mapping key and list item, so a pydantic
validation error at ``policies.0.target`` can be reported as "scenario.yaml, line 12, field
'policies.0.target': ...". Any problem (unreadable file, YAML syntax, wrong type, unknown key)
becomes a :class:`~nato3.errors.DataValidationError`, never a traceback.

Hostile files are refused before anything is built from them: a file over :data:`MAX_BYTES`,
nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_NODES` values, or any alias
(``*name``: nato3's files never need one, and a few hundred bytes of nested aliases expand to
billions of values). A first pass over the parser's events checks this in bounded memory; only
then is the document built. A value its tag cannot hold (``2027-02-30``, ``!!int abc``) is an
error naming its line, like any other.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from nato3.errors import DataValidationError

M = TypeVar("M")

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_NODES = 100_000


def _base_loader():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def _loader():
    import yaml

    base = _base_loader()

    class LineLoader(base):  # type: ignore[misc, valid-type]
        """SafeLoader that records the line of every key and sequence item."""

        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep=deep)
            except (ValueError, TypeError, OverflowError) as exc:  # a scalar its tag cannot hold
                tag = node.tag.rsplit(":", 1)[-1]
                problem = f"{node.value!r} is not a valid {tag} ({exc})" if isinstance(node.value, str) else str(exc)
                raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None

    def construct_mapping(loader, node, deep=False):
        mapping = {}
        lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise yaml.constructor.ConstructorError(None, None, "keys must be plain values", key_node.start_mark)
            if key in mapping:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            mapping[key] = loader.construct_object(value_node, deep=deep)
            lines[key] = key_node.start_mark.line + 1
        return _Lined(mapping, lines, node.start_mark.line + 1)

    def construct_sequence(loader, node, deep=False):
        items = [loader.construct_object(child, deep=deep) for child in node.value]
        return _LinedList(items, [child.start_mark.line + 1 for child in node.value], node.start_mark.line + 1)

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return LineLoader


class _Lined(dict):
    def __init__(self, data, lines, line):
        super().__init__(data)
        self.lines, self.line = lines, line


class _LinedList(list):
    def __init__(self, data, lines, line):
        super().__init__(data)
        self.lines, self.line = lines, line


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def line_of(document: Any, location: tuple) -> int | None:
    """Line of the deepest node on ``location`` (a pydantic error's ``loc``) that exists."""
    node, line = document, getattr(document, "line", None)
    for part in location:
        if isinstance(node, _Lined) and part in node:
            line, node = node.lines.get(part, line), node[part]
        elif isinstance(node, _LinedList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.lines[part], node[part]
        else:
            break
    return line


def _check_shape(text: str, base) -> None:
    """Refuse aliases, deep nesting and too many values, from the parser's events alone.

    Raises:
        yaml.YAMLError: with the mark of the first offending event.
    """
    import yaml

    depth = nodes = 0
    for event in yaml.parse(text, Loader=base):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                None, None, f"aliases (*{event.anchor}) are not allowed; write the value out", event.start_mark
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise yaml.MarkedYAMLError(None, None, f"more than {MAX_NODES:,} values", event.start_mark)


def read_yaml(path: Path | str) -> Any:
    """Parse ``path`` keeping line numbers.

    Raises:
        DataValidationError: unreadable file, over :data:`MAX_BYTES`, bad YAML, an alias, nesting
            over :data:`MAX_DEPTH`, more than :data:`MAX_NODES` values, or a value its tag cannot hold.
    """
    import yaml

    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise DataValidationError(
                str(path), None, None, f"file over {MAX_BYTES:,} bytes; nato3's YAML files are small"
            )
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise DataValidationError(str(path), None, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataValidationError(str(path), None, None, f"cannot read: {exc}") from None
    try:
        _check_shape(text, _base_loader())
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataValidationError(
            str(path), mark.line + 1 if mark else None, None, f"invalid YAML: {problem}"
        ) from None


def load_model(path: Path | str, model: type[M], context: dict[str, Any] | None = None) -> M:
    """Read ``path`` and validate it as ``model`` (a pydantic model class).

    ``context`` is passed to pydantic validators (e.g. the known ISO3 codes).

    Raises:
        DataValidationError: naming the file, the line and the dotted field of the first problem.
    """
    from pydantic import ValidationError

    document = read_yaml(path)
    if not isinstance(document, dict):
        raise DataValidationError(str(path), getattr(document, "line", 1), None, "expected a mapping of keys to values")
    try:
        return model.model_validate(_plain(document), context=context)  # type: ignore[attr-defined]
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first.get("loc", ()))
        field = ".".join(str(p) for p in loc) or None
        message = first.get("msg", "invalid value")
        if first.get("type") == "extra_forbidden":
            message = "unknown key"
        raise DataValidationError(str(path), line_of(document, loc), field, message) from None
