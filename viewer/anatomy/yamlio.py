"""Load YAML content files and validate them against a JSON Schema.

Every failure becomes an :class:`AnnotationError` whose message names the file,
the field (a JSON path such as ``parts.glmed1.actions[0].axis``) and what was
expected, so a person editing the file can fix it without reading a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS_DIR = PROJECT_ROOT / "annotations"
SCHEMA_DIR = ANNOTATIONS_DIR / "schema"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate mapping keys (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


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
    """Parse a YAML file, turning every I/O, encoding or syntax problem into AnnotationError."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise AnnotationError(path, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise AnnotationError(path, "", f"UTF-8 text (byte {exc.start} is not valid UTF-8)") from None
    except OSError as exc:
        raise AnnotationError(path, "", f"a readable file ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise AnnotationError(path, where, f"valid YAML ({problem})") from None
    except RecursionError:
        raise AnnotationError(path, "", "YAML nested less deeply") from None
    if data is None:
        raise AnnotationError(path, "", "a non-empty YAML mapping (the file is empty)")
    return data


def validate(data: Any, schema_name: str, path: Path | str) -> None:
    """Validate ``data`` against a schema, raising AnnotationError for the first problem."""
    validator_cls = jsonschema.validators.validator_for(load_schema(schema_name))
    validator = validator_cls(load_schema(schema_name))
    try:
        errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.path), list(map(str, e.path))))
    except RecursionError:
        raise AnnotationError(path, "", "data nested less deeply") from None
    if errors:
        err = errors[0]
        raise AnnotationError(path, field_path(err.absolute_path), _expected(err))


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
