"""Bokeh document JSON for the hostile-client tests: values as Bokeh serializes them, models found by name.

A ``PULL-DOC-REPLY`` holds the session's document as nested JSON objects
(``{"type": "object", "name", "id", "attributes"}``); property values use Bokeh's serialization
(bokeh/core/serialization.py: a dict is ``{"type": "map", "entries": [[k, v], ...]}``, NaN
``{"type": "number", "value": "nan"}``).
"""

from __future__ import annotations

import json
from typing import Any

SCENE_TYPE = "GluteScene"
"""The name of the 3D view's Bokeh data model (Panel names it after the ``JSComponent`` class)."""


class DocumentError(AssertionError):
    """The document JSON does not hold what a test looked for."""


def encode_value(value: Any) -> Any:
    """A Python value in Bokeh's wire serialization (dicts as maps, non-finite floats as numbers)."""
    if isinstance(value, dict):
        return {"type": "map", "entries": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [encode_value(v) for v in value]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return {"type": "number", "value": "nan" if value != value else ("+inf" if value > 0 else "-inf")}
    return value


def decode_value(value: Any) -> Any:
    """The inverse of :func:`encode_value` for the shapes Bokeh sends (maps, numbers, plain JSON)."""
    if isinstance(value, dict):
        kind = value.get("type")
        if kind == "map":
            return {_hashable(decode_value(k)): decode_value(v) for k, v in value.get("entries", [])}
        if kind == "number":
            return float(value["value"])
        return {k: decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    return value


def _hashable(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value


def iter_objects(node: Any):  # noqa: ANN201 - a generator of dicts
    """Every serialized Bokeh object (``{"type": "object", "name", "id", ...}``) in a document JSON."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "object" and "id" in item:
                yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def find_model(doc: dict[str, Any], type_name: str) -> dict[str, Any]:
    """The one serialized object whose type name is ``type_name`` or ends with ``.type_name``.

    Raises
    ------
    DocumentError
        If none or several match (the names seen are listed).

    """
    found = {}
    names = set()
    for obj in iter_objects(doc):
        name = str(obj.get("name", ""))
        names.add(name)
        if name == type_name or name.endswith("." + type_name) or name.split(".")[-1].startswith(type_name):
            found[obj["id"]] = obj
    if len(found) != 1:
        raise DocumentError(f"{len(found)} models named {type_name!r}; names seen: {sorted(names)}")
    return next(iter(found.values()))


def strings_in(doc: dict[str, Any]):  # noqa: ANN201 - a generator of tuples
    """Every string held by a model of a document JSON: (model type name, attribute name, string).

    Strings inside an attribute's lists and maps count for that attribute; a model nested in an
    attribute is reported as itself.
    """
    for obj in iter_objects(doc):
        for attr, value in (obj.get("attributes") or {}).items():
            stack = [value]
            while stack:
                item = stack.pop()
                if isinstance(item, str):
                    yield str(obj.get("name", "")), attr, item
                elif isinstance(item, dict):
                    if not (item.get("type") == "object" and "id" in item):
                        stack.extend(item.values())
                elif isinstance(item, list):
                    stack.extend(item)


def attribute(doc: dict[str, Any], model_id: str, attr: str) -> Any:
    """The decoded value of ``attr`` of model ``model_id`` in a document JSON."""
    for obj in iter_objects(doc):
        if obj["id"] == model_id:
            return decode_value(obj.get("attributes", {}).get(attr))
    raise DocumentError(f"no model {model_id} in the document")
