"""Parse YAML content files and validate them against a JSON Schema.

Every failure becomes an :class:`~viewer.anatomy.content_errors.AnnotationError` whose message
names the file, the field (a JSON path such as ``parts.glmed1.actions[0].axis``) and what was
expected, so a person editing the file can fix it without reading a traceback.
That holds for malformed files of every kind: missing, a directory, a link to a file
outside its folder, not a regular file (a named pipe, a device), larger than
:data:`MAX_BYTES`, not UTF-8, invalid YAML, values YAML cannot build (a date
like ``2024-13-45``, an integer of thousands of digits, a list as a key),
duplicate keys, nesting deeper than :data:`MAX_DEPTH`, recursive aliases or
aliases that expand past :data:`MAX_NODES` nodes, schema violations (the schemas
cap every text's length and every list's items), NaN, infinite or out-of-float-range
numbers, and text that cannot be written as UTF-8 (an unpaired surrogate escape).

The file itself is checked before a byte of it is read by :mod:`viewer.anatomy.content_files`;
the error and its two forms (the full detail for the log, the shown form for a page), and the
content directory (:func:`annotations_dir`), are in :mod:`viewer.anatomy.content_errors`.
Both are re-exported here, so ``from viewer.anatomy.yamlio import AnnotationError, read_yaml``
keeps working. Schemas always come from the shipped copy.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any, Final

import jsonschema
import yaml

from viewer.anatomy.content_errors import (
    ANNOTATIONS_DIR,
    ANNOTATIONS_ENV,
    LOG_CHARS,
    SHOWN_CHARS,
    AnnotationError,
    annotations_dir,
    field_path,
    shown_field,
    shown_name,
    without_quoted,
    without_values,
)
from viewer.anatomy.content_files import MAX_BYTES, read_bytes
from viewer.resources import schema_dir

__all__ = [
    "ANNOTATIONS_DIR", "ANNOTATIONS_ENV", "LOG_CHARS", "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "SCHEMA_DIR",
    "SHOWN_CHARS", "AnnotationError", "annotations_dir", "check_finite", "field_path", "load_schema",
    "load_validated", "read_bytes", "read_yaml", "shown_field", "shown_name", "validate", "without_values",
]

SCHEMA_DIR = schema_dir()
MAX_DEPTH: Final = 64
"""Deepest nesting of lists and mappings accepted (the shipped files nest 6 levels)."""
MAX_NODES: Final = 100_000
"""Most nodes a document may hold with its aliases expanded (the shipped files hold under 400)."""
_FLOAT_MAX: Final = int(1.7976931348623157e308)
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys, keys that are not text, deep nesting and recursive aliases.

    PyYAML keeps the last of duplicate keys silently, composes recursively (10,000 nested
    lists exhaust Python's stack) and builds self-referencing lists from ``&a [*a]``.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._open_anchors: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open_anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found a recursive alias '*{event.anchor}' inside '&{event.anchor}'",
                    event.start_mark)
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"found lists or mappings nested more than {MAX_DEPTH} levels deep", event.start_mark)
        anchor = event.anchor
        opened = anchor is not None and anchor not in self._open_anchors
        if opened:
            self._open_anchors.add(anchor)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if opened:
                self._open_anchors.discard(anchor)

    def compose_document(self) -> yaml.Node:
        node = super().compose_document()
        if _expanded_size(node, {}) > MAX_NODES:
            raise yaml.composer.ComposerError(
                None, None, f"found aliases expanding to more than {MAX_NODES} nodes", node.start_mark)
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            # a value YAML recognises but Python cannot build: 2024-13-45, !!int abc, 5000-digit integers
            first = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
            raise yaml.constructor.ConstructorError(
                None, None, f"found a value that cannot be read: {first}", node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # ``<<: *anchor``, flattened by SafeConstructor
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None, None, f"found a key that is not text: {key!r} (quote it)", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Number of nodes of ``node`` with aliases expanded (shared nodes counted once per use)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    else:
        size = 1
    memo[id(node)] = size
    return size


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Load ``annotations/schema/<name>.schema.json``."""
    path = SCHEMA_DIR / f"{name}.schema.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def read_yaml(path: Path | str, *, folder: Path | str | None = None) -> Any:
    """Parse a YAML file, turning every I/O, encoding, size or syntax problem into AnnotationError.

    Before reading, the file must resolve (symbolic links followed) inside ``folder`` and be
    a regular file of at most :data:`MAX_BYTES`
    (:func:`~viewer.anatomy.content_files.read_bytes`).

    Parameters
    ----------
    path : Path or str
        The file.
    folder : Path or str, optional
        The folder the file must stay inside; default the folder holding ``path``.

    Returns
    -------
    Any
        The parsed document (never ``None``).

    Raises
    ------
    AnnotationError
        Naming the file, where in it (``line L, column C`` for syntax problems) and what
        was expected.

    """
    path = Path(path)
    raw = read_bytes(path, folder=folder)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnnotationError(path, "", f"UTF-8 text (byte {exc.start} is not valid UTF-8)") from None
    data = _parse(text, path)
    if data is None:
        raise AnnotationError(path, "", "a non-empty YAML mapping (the file is empty)")
    return data


def _parse(text: str, path: Path) -> Any:
    """Parse YAML ``text`` with the safe loader, turning every problem into AnnotationError."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise AnnotationError(path, where, f"valid YAML ({problem})",
                              shown=f"expected valid YAML ({without_quoted(problem)})") from None
    except RecursionError:
        raise AnnotationError(path, "", f"YAML nested at most {MAX_DEPTH} levels deep") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # values YAML recognises but Python cannot build: 2024-13-45, !!int abc, 5000-digit integers
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AnnotationError(path, "", f"valid YAML values ({first[:120]})",
                              shown="expected valid YAML values") from None


def validate(data: Any, schema_name: str, path: Path | str) -> None:
    """Validate ``data`` against a schema, raising AnnotationError for the first problem.

    Numbers must also be finite and within float range anywhere in ``data`` (JSON Schema's
    ``number`` admits NaN, which passes every ``minimum`` and ``maximum``), and text must
    hold no unpaired surrogate (it could not be written as UTF-8); that is checked after the
    schema, so a schema bound (such as a text's ``maxLength``) is reported first.

    Parameters
    ----------
    data : Any
        Parsed document (:func:`read_yaml`).
    schema_name : str
        ``annotations/schema/<schema_name>.schema.json``.
    path : Path or str
        The file ``data`` came from, for the message.

    Raises
    ------
    AnnotationError
        Naming the file, the field and what was expected.

    """
    validator_cls = jsonschema.validators.validator_for(load_schema(schema_name))
    validator = validator_cls(load_schema(schema_name))
    try:
        errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.path), list(map(str, e.path))))
    except RecursionError:
        raise AnnotationError(path, "", f"data nested at most {MAX_DEPTH} levels deep") from None
    except TypeError as exc:  # e.g. non-text keys in data not read by read_yaml
        raise AnnotationError(path, "", f"text keys and JSON-like values ({exc})",
                              shown="expected text keys and JSON-like values") from None
    if errors:
        err = errors[0]
        detail, shown = _expected(err)
        raise AnnotationError(path, field_path(err.absolute_path), detail, shown=shown)
    check_finite(data, path)


def check_finite(data: Any, path: Path | str, trail: list[Any] | None = None) -> None:
    """Refuse NaN, infinite or out-of-float-range numbers, and text with unpaired surrogates, anywhere in ``data``.

    Parameters
    ----------
    data : Any
        Parsed document.
    path : Path or str
        The file, for the message.
    trail : list, optional
        Field path of ``data`` inside the document.

    Raises
    ------
    AnnotationError
        Naming the field holding the first such value.

    """
    stack: list[tuple[Any, list[Any]]] = [(data, list(trail or []))]
    while stack:
        node, where = stack.pop()
        _check_scalar(node, path, where)
        if isinstance(node, dict):
            for key in node:
                _check_scalar(key, path, where)
            stack.extend((value, [*where, key]) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((value, [*where, i]) for i, value in reversed(list(enumerate(node))))


def _check_scalar(node: Any, path: Path | str, where: list[Any]) -> None:
    """Refuse one non-finite or out-of-range number, or a text with an unpaired surrogate."""
    if isinstance(node, bool):
        return
    if isinstance(node, float) and not math.isfinite(node):
        raise AnnotationError(path, field_path(where), f"expected a finite number, found {node!r}")
    if isinstance(node, int) and abs(node) > _FLOAT_MAX:
        digits = int(node.bit_length() * math.log10(2)) + 1  # str() refuses over 4300 digits
        raise AnnotationError(path, field_path(where), "expected a number within float range, found "
                              f"an integer of about {digits} digits")
    if isinstance(node, str) and _SURROGATE.search(node):
        raise AnnotationError(path, field_path(where), "expected text that can be written as UTF-8, found an "
                              "unpaired surrogate (an escape such as \\ud800 in a quoted string)",
                              shown="expected text that can be written as UTF-8 (no unpaired surrogate escape)")


def load_validated(path: Path | str, schema_name: str, *, folder: Path | str | None = None) -> Any:
    """Read a YAML file (:func:`read_yaml`) and validate it against ``schema_name``; return the parsed data."""
    data = read_yaml(path, folder=folder)
    validate(data, schema_name, path)
    return data


_SCALAR_VALIDATORS: Final = frozenset({
    "type", "enum", "const", "pattern", "minimum", "maximum", "minItems", "minLength", "minProperties",
    "format", "exclusiveMinimum", "exclusiveMaximum",
})
_SIZE_VALIDATORS: Final = {"maxLength": "characters", "maxItems": "items", "maxProperties": "fields"}


def _expected(err: jsonschema.ValidationError) -> tuple[str, str]:
    """What one jsonschema error expected: ``(detail with what was found, text without values from the file)``."""
    rule, bound = err.validator, err.validator_value
    if rule == "required":
        return f"expected {err.message}", f"expected {err.message}"  # the name is the schema's
    if rule == "additionalProperties":
        return f"expected no other fields ({err.message})", f"expected no other fields ({_extra_fields(err)})"
    if rule in _SIZE_VALIDATORS:
        size = f"expected {rule} {bound} (at most {bound:,} {_SIZE_VALIDATORS[rule]}), found {len(err.instance):,}"
        return size, size  # a count, not a value from the file
    if rule == "uniqueItems":
        return f"expected unique items ({err.message[:120]})", "expected unique items"
    if rule in _SCALAR_VALIDATORS:
        found = repr(err.instance)
        if len(found) > 60:
            found = found[:57] + "..."
        return f"expected {rule} {bound!r}, found {found}", f"expected {rule} {bound!r}"
    return f"{err.message}", f"expected a value allowed by the schema's {rule!r}"


def _extra_fields(err: jsonschema.ValidationError) -> str:
    """The fields ``additionalProperties`` refused, named when they look like field names."""
    known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
    extra = [key for key in err.instance if key not in known] if isinstance(err.instance, dict) else []
    if extra and all(isinstance(k, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,40}", k) for k in extra[:5]):
        return "unexpected: " + ", ".join(extra[:5]) + (" ..." if len(extra) > 5 else "")
    return "some fields are not part of the schema"
