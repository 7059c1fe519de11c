"""Load YAML content files and validate them against a JSON Schema.

Every failure becomes an :class:`AnnotationError` whose message names the file,
the field (a JSON path such as ``parts.glmed1.actions[0].axis``) and what was
expected, so a person editing the file can fix it without reading a traceback.
That holds for malformed files of every kind: missing, a directory, not UTF-8,
larger than :data:`MAX_BYTES`, invalid YAML, values YAML cannot build (a date
like ``2024-13-45``, an integer of thousands of digits, a list as a key),
duplicate keys, nesting deeper than :data:`MAX_DEPTH`, recursive aliases or
aliases that expand past :data:`MAX_NODES` nodes, schema violations, and NaN,
infinite or out-of-float-range numbers.

The content directory is the shipped ``annotations/`` (found by :mod:`viewer.resources`:
the project's folder in a checkout, the package's copy in a wheel) unless the environment
variable ``GLUTE_VIEWER_ANNOTATIONS`` names another one (:func:`annotations_dir`):
a served app can then show an instructor's edited copy of the muscle cards
(``$GLUTE_VIEWER_ANNOTATIONS/muscles/*.yaml``, see
:mod:`viewer.anatomy.annotations`). Schemas always come from the shipped copy.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Final

import jsonschema
import yaml

from viewer.resources import annotations_root, schema_dir

ANNOTATIONS_DIR = annotations_root()
"""The shipped content directory (what :func:`annotations_dir` returns unless overridden): the project's
``annotations/`` in a checkout, the package's copy in an installed wheel (:mod:`viewer.resources`)."""
SCHEMA_DIR = schema_dir()
ANNOTATIONS_ENV: Final = "GLUTE_VIEWER_ANNOTATIONS"
"""Environment variable naming a content directory to use instead of the project's ``annotations/``."""
MAX_BYTES: Final = 1_000_000
"""Largest content file read (the shipped ones are under 20 kB)."""
MAX_DEPTH: Final = 64
"""Deepest nesting of lists and mappings accepted (the shipped files nest 6 levels)."""
MAX_NODES: Final = 100_000
"""Most nodes a document may hold with its aliases expanded (the shipped files hold under 400)."""
_FLOAT_MAX: Final = int(1.7976931348623157e308)


def annotations_dir() -> Path:
    """Return the content directory: ``$GLUTE_VIEWER_ANNOTATIONS`` if set and non-empty, else ``annotations/``.

    Returns
    -------
    Path
        The directory holding ``muscles/`` (and ``motions/``).

    """
    override = os.environ.get(ANNOTATIONS_ENV, "").strip()
    return Path(override).expanduser() if override else ANNOTATIONS_DIR


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
                    None, None, f"found a recursive alias *{event.anchor} inside &{event.anchor}", event.start_mark)
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


class AnnotationError(ValueError):
    """A content file is malformed: names the file, the field and what was expected."""

    def __init__(self, path: Path | str, field: str, expected: str) -> None:
        self.path = str(path)
        self.field = field
        self.expected = expected
        super().__init__(f"{self.path}: {field or '<top level>'}: {expected}")


def field_path(parts: Iterable[Any]) -> str:
    """Format a JSON path (``['parts', 'glmed1', 'actions', 0]`` -> ``parts.glmed1.actions[0]``)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Load ``annotations/schema/<name>.schema.json``."""
    path = SCHEMA_DIR / f"{name}.schema.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def read_yaml(path: Path | str) -> Any:
    """Parse a YAML file, turning every I/O, encoding, size or syntax problem into AnnotationError.

    Parameters
    ----------
    path : Path or str
        The file.

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
    try:
        if path.is_dir():
            raise AnnotationError(path, "", "expected a YAML file (found a directory)")
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise AnnotationError(path, "", "file not found") from None
    except OSError as exc:
        raise AnnotationError(path, "", f"a readable file ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise AnnotationError(path, "", f"expected a file of at most {MAX_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AnnotationError(path, "", f"UTF-8 text (byte {exc.start} is not valid UTF-8)") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise AnnotationError(path, where, f"valid YAML ({problem})") from None
    except RecursionError:
        raise AnnotationError(path, "", f"YAML nested at most {MAX_DEPTH} levels deep") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # values YAML recognises but Python cannot build: 2024-13-45, !!int abc, 5000-digit integers
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AnnotationError(path, "", f"valid YAML values ({first[:120]})") from None
    if data is None:
        raise AnnotationError(path, "", "a non-empty YAML mapping (the file is empty)")
    return data


def validate(data: Any, schema_name: str, path: Path | str) -> None:
    """Validate ``data`` against a schema, raising AnnotationError for the first problem.

    Numbers must also be finite and within float range anywhere in ``data`` (JSON Schema's
    ``number`` admits NaN, which passes every ``minimum`` and ``maximum``); that is checked
    after the schema, so a schema bound is reported first.

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
        raise AnnotationError(path, "", f"text keys and JSON-like values ({exc})") from None
    if errors:
        err = errors[0]
        raise AnnotationError(path, field_path(err.absolute_path), _expected(err))
    check_finite(data, path)


def check_finite(data: Any, path: Path | str, trail: list[Any] | None = None) -> None:
    """Refuse NaN, infinite or out-of-float-range numbers anywhere in ``data``.

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
        Naming the field holding the first such number.

    """
    stack: list[tuple[Any, list[Any]]] = [(data, list(trail or []))]
    while stack:
        node, where = stack.pop()
        if isinstance(node, bool):
            continue
        if isinstance(node, float) and not math.isfinite(node):
            raise AnnotationError(path, field_path(where), f"expected a finite number, found {node!r}")
        if isinstance(node, int) and abs(node) > _FLOAT_MAX:
            digits = int(node.bit_length() * math.log10(2)) + 1  # str() refuses over 4300 digits
            raise AnnotationError(path, field_path(where), "expected a number within float range, found "
                                  f"an integer of about {digits} digits")
        if isinstance(node, dict):
            stack.extend((value, [*where, key]) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((value, [*where, i]) for i, value in reversed(list(enumerate(node))))


def load_validated(path: Path | str, schema_name: str) -> Any:
    """Read a YAML file and validate it against ``schema_name``; return the parsed data."""
    data = read_yaml(path)
    validate(data, schema_name, path)
    return data


def _expected(err: jsonschema.ValidationError) -> str:
    """A human sentence for one jsonschema error: what was expected, what was found."""
    found = repr(err.instance)
    if len(found) > 60:
        found = found[:57] + "..."
    if err.validator == "required":
        return f"expected {err.message}"
    if err.validator == "additionalProperties":
        return f"expected no other fields ({err.message})"
    if err.validator in ("type", "enum", "const", "pattern", "minimum", "maximum", "minItems",
                         "maxItems", "minLength", "maxLength", "format", "exclusiveMinimum",
                         "exclusiveMaximum"):
        return f"expected {err.validator} {err.validator_value!r}, found {found}"
    return f"{err.message}"
