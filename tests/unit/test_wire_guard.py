"""The websocket guard's checks, fragment by fragment, without a server (the served attacks are in
tests/security/test_hostile_messages.py and test_hostile_peers.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from viewer.app import wire_limits as limits
from viewer.app.wire_guard import Refused, WireGuard, decode, nesting, parse
from viewer.component import inbound


class GluteScene1:
    """Stands for the view's Bokeh data model: the guard knows it by its class name."""


class Slider:
    """Any other model."""


MODELS = {"scene": GluteScene1(), "slider": Slider()}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def guard(clock: Clock | None = None) -> WireGuard:
    return WireGuard(MODELS.get, clock=clock or Clock())


def send(g: WireGuard, msgtype: str, content: dict[str, Any], **header: Any) -> None:
    g.check(json.dumps({"msgid": "1", "msgtype": msgtype, **header}))
    g.check("{}")
    g.check(json.dumps(content))


def change(model: str, attr: str, new: Any) -> dict[str, Any]:
    return {"events": [{"kind": "ModelChanged", "model": {"id": model}, "attr": attr, "new": new}]}


def test_the_real_clients_messages_pass() -> None:
    g = guard()
    send(g, "PULL-DOC-REQ", {})
    send(g, "PATCH-DOC", change("scene", "camera", {"type": "map", "entries": [
        ["position", [0.1, 0.2, 1.5]], ["target", [0.0, 0.9, 0.0]]]}))
    send(g, "PATCH-DOC", change("scene", "selected", "glmed1_r"))
    send(g, "PATCH-DOC", change("scene", "capture_done", {"type": "map", "entries": [
        ["id", 3], ["kind", "png"], ["width", 800], ["height", 600], ["frames", 1], ["bytes", 12345],
        ["filename", "glutes.png"]]}))
    send(g, "PATCH-DOC", change("slider", "value", 45))
    send(g, "PATCH-DOC", {"events": [{"kind": "MessageSent", "msg_type": "bokeh_event",
                                      "msg_data": {"type": "event", "name": "button_click", "values": {}}}]})


@pytest.mark.parametrize(("attr", "value"), [
    ("camera", "x"),
    ("camera", {"type": "map", "entries": [[f"k{i}", i] for i in range(1000)]}),
    ("camera", {"type": "map", "entries": [["position", [1, 2]], ["target", [0, 0, 0]]]}),
    ("frame", "abc"),
    ("frame", {"type": "number", "value": "nan"}),
    ("frame", -1e308),
    ("hovered", "x" * 60_000),
    ("selected", "../../etc/passwd"),
    ("view", "behind"),
    ("speed", 1e9),
    ("playing", "yes"),
    ("capture_done", {"type": "map", "entries": [[f"k{i}", 1] for i in range(1000)]}),
    ("capture_done", {"type": "map", "entries": [["error", "e" * 10_000]]}),
    ("motion", {"type": "bytes", "data": "AAAA"}),
    ("narration", ["x"]),
    ("assets_index", {}),
])
def test_hostile_values_on_the_view_are_refused(attr: str, value: Any) -> None:
    with pytest.raises(Refused):
        send(guard(), "PATCH-DOC", change("scene", attr, value))


def test_a_refusal_names_the_property_not_the_value() -> None:
    with pytest.raises(Refused) as info:
        send(guard(), "PATCH-DOC", change("scene", "selected", "/etc/passwd-secret"))
    assert "selected" in str(info.value) and "passwd" not in str(info.value)


@pytest.mark.parametrize("fragment", [
    b"\x00" * 10,
    "[" * 100_000,
    "x" * (limits.MAX_MESSAGE_BYTES + 1),
    "not json",
    "[1, 2]",
    json.dumps({"msgtype": "EXEC"}),
    json.dumps({"msgtype": "PUSH-DOC"}),
    json.dumps({"msgtype": "PATCH-DOC", "num_buffers": 10**9}),
    json.dumps({"msgtype": "PATCH-DOC", "num_buffers": True}),
])
def test_hostile_headers_are_refused(fragment: str | bytes) -> None:
    with pytest.raises(Refused):
        guard().check(fragment)


@pytest.mark.parametrize("content", [
    {"events": [{"kind": "ModelChanged", "model": {"id": "slider"}, "attr": "value", "new": "x" * 10_000}]},
    {"events": [{"kind": "RootAdded", "model": {"id": "x"}}]},
    {"events": [{"kind": "ModelChanged", "model": {"id": "slider"}, "attr": "v", "new": 1}] * 65},
    {"events": [], "references": [{"type": "object", "name": "Div", "id": "p9"}]},
    {"events": "x"},
])
def test_hostile_patches_are_refused(content: dict[str, Any]) -> None:
    with pytest.raises(Refused):
        send(guard(), "PATCH-DOC", content)


def test_a_flood_is_refused_and_a_steady_client_is_not() -> None:
    clock = Clock()
    steady = guard(clock)
    for _ in range(10 * limits.MESSAGES_PER_SECOND):
        clock.now += 1.0 / limits.MESSAGES_PER_SECOND
        send(steady, "PATCH-DOC", change("slider", "value", 1))
    flood = guard(Clock())
    with pytest.raises(Refused, match="per second"):
        for _ in range(limits.MESSAGE_BURST + 1):
            send(flood, "PATCH-DOC", change("slider", "value", 1))


def test_nesting_and_decoding() -> None:
    assert nesting(1) == 0 and nesting([[1]]) == 2 and nesting({"a": [{}]}) == 3
    assert decode({"type": "map", "entries": [["a", {"type": "map", "entries": [["b", 1]]}]]}) == {"a": {"b": 1}}
    with pytest.raises(Refused):
        decode({"id": "p1234"})  # a model reference
    with pytest.raises(Refused):
        parse("[" * (limits.MAX_JSON_DEPTH + 1) + "]" * (limits.MAX_JSON_DEPTH + 1))
    assert parse("[" * limits.MAX_JSON_DEPTH + "]" * limits.MAX_JSON_DEPTH)


def test_every_browser_writable_property_has_a_check() -> None:
    from viewer.app.sync import FROM_SCENE

    assert set(FROM_SCENE) | {"selected", "capture_done"} == inbound.BROWSER_WRITABLE


def test_the_views_data_model_is_recognised() -> None:
    from bokeh.document import Document

    from viewer.component.scene import GluteScene

    scene = GluteScene()
    root = scene.get_root(Document())
    assert inbound.is_scene_model(root.data) and not inbound.is_scene_model(root)
