"""App state and actions without a browser: actions change the state, bad ids are refused, the session survives."""

from __future__ import annotations

import math

import panel as pn
import pytest

from viewer.anatomy import ids
from viewer.anatomy.motions import MOTION_NAMES
from viewer.app.builder import Session, build_session
from viewer.app.state import new_state
from viewer.app.url import apply_query
from viewer.content.cards import PLACEHOLDER, card_markdown, card_title
from viewer.vocab import OPACITY_KEYS, VIEWS


@pytest.fixture
def session() -> Session:
    return build_session(query={})


def test_each_session_has_its_own_state():
    a, b = build_session(query={}), build_session(query={})
    assert a.state is not b.state and a.scene is not b.scene
    a.actions.select("glmed1_r")
    assert b.state.selected == ""


def test_sessions_share_one_payload_per_motion():
    """Memory: every session references the same encoded bytes (one object per motion per process)."""
    a, b = build_session(query={}), build_session(query={"motion": [b"running"]})
    assert a.scene.assets is b.scene.assets and a.scene.assets_index is b.scene.assets_index
    b.actions.set_motion(a.state.motion)
    assert a.scene.motion is b.scene.motion and a.scene.motion_index is b.scene.motion_index


def test_defaults_are_mirrored_to_the_component(session):
    s, c = session.state, session.scene
    assert c.visible_parts == list(ids.part_ids())
    assert c.playing is s.playing and c.speed == s.speed and c.loop is s.loop
    assert c.opacity == s.opacity() and set(c.opacity) == set(OPACITY_KEYS)
    assert c.assets and c.assets_index["parts"], "assets are sent with the first motion"
    assert c.motion_index["name"] == s.motion and s.frames == c.motion_index["frames"] > 0


def test_select_and_clear(session):
    s, c = session.state, session.scene
    assert session.actions.select("glmed2_l") is True
    assert s.selected == c.selected == session.controls.part.value == "glmed2_l"
    assert session.actions.select("") is True
    assert s.selected == c.selected == ""


@pytest.mark.parametrize("bad", ["glmed9_r", "gluteus_medius_r", "GLMED1_R", "glmed1_x", "", None, 7])
def test_bad_part_is_refused_with_the_valid_choices(session, bad):
    session.actions.select("glmin1_r")
    if bad in ("", None):
        assert session.actions.select(bad) is True  # "" and None clear the selection
        return
    assert session.actions.select(bad) is False
    msg = session.state.message
    assert msg.startswith("Unknown part") and repr(bad) in msg
    assert all(p in msg for p in ids.part_ids()), "the message names every valid part"
    assert session.state.selected == session.scene.selected == "glmin1_r"
    # the session survives: the next good action works and clears the message
    assert session.actions.select("glmax3_l") and session.state.message == ""
    assert session.scene.selected == "glmax3_l"


@pytest.mark.parametrize("name", MOTION_NAMES)
def test_motion_change_loads_the_components_motion_data(session, name):
    flexion = 45.0 if name == "rotation" else None
    if name == session.state.motion:
        session.actions.set_motion("running")
    before = session.scene.motion
    assert session.actions.set_motion(name, flexion) is True
    c = session.scene
    assert c.motion_index["name"] == name and session.state.motion == name
    assert c.motion and c.motion is not before
    assert session.state.frames == c.motion_index["frames"]
    if name == "rotation":
        assert c.motion_index["params"]["flexion_deg"] == pytest.approx(45.0)
        assert session.controls.flexion.visible and session.controls.flexion.value == 45.0
    assert session.controls.motion.value == name


def test_rotation_flexion_any_valid_value(session):
    assert session.actions.set_motion("rotation", "30")
    assert session.state.flexion == 30.0
    assert session.scene.motion_index["params"]["flexion_deg"] == pytest.approx(30.0)
    assert 30.0 in session.controls.flexion.options.values()
    assert session.actions.set_flexion(90)
    assert session.scene.motion_index["params"]["flexion_deg"] == pytest.approx(90.0)


@pytest.mark.parametrize(("name", "flexion", "expected"), [
    ("walking", None, "Unknown motion 'walking'; expected one of: abduction, rotation, flexion, running"),
    ("rotation", 500, "out of range"),
    ("rotation", -21, "out of range"),
    ("rotation", "abc", "not a number"),
    ("rotation", math.nan, "not a finite number"),
])
def test_bad_motion_or_flexion_is_refused(session, name, flexion, expected):
    index = session.scene.motion_index
    assert session.actions.set_motion(name, flexion) is False
    assert expected in session.state.message
    assert session.state.motion == "abduction" and session.scene.motion_index is index


def test_toggle_layer_both_sides_one_side_and_explicit(session):
    a, s = session.actions, session.state
    assert a.toggle_layer("gluteus_maximus")
    assert not any(p.startswith("glmax") for p in s.visible_parts)
    assert session.scene.visible_parts == s.visible_parts
    assert a.toggle_layer("gluteus_maximus", "r")
    assert [p for p in s.visible_parts if p.startswith("glmax")] == ["glmax1_r", "glmax2_r", "glmax3_r"]
    assert session.controls.layers["r"].value == list(ids.LAYERS)
    assert "gluteus_maximus" not in session.controls.layers["both"].value
    assert a.toggle_layer("gluteus_maximus", visible=True)
    assert s.visible_parts == list(ids.part_ids())
    assert a.toggle_layer("gluteus_medius", "l", visible=False)
    assert a.toggle_layer("gluteus_medius", "l", visible=False)  # idempotent
    assert len(s.visible_parts) == 15
    assert a.toggle_layer("gluteus_medius_l") is False and "Unknown layer" in s.message
    assert a.toggle_layer("gluteus_medius", "x") is False and "expected one of: r, l" in s.message


def test_toggle_part_and_per_part_widgets(session):
    a, s = session.actions, session.state
    assert a.toggle_part("glmin2_l") and "glmin2_l" not in s.visible_parts
    assert "glmin2_l" not in session.controls.parts["l"].value
    assert "gluteus_minimus" not in session.controls.layers["l"].value
    session.controls.parts["l"].value = [*session.controls.parts["l"].value, "glmin2_l"]
    assert s.visible_parts == list(ids.part_ids())
    assert a.toggle_part("glmin4_l") is False and "glmin4_l" in s.message


def test_opacity_and_view(session):
    a, c, s = session.actions, session.scene, session.state
    assert a.set_opacity("bones", 0.3) and c.opacity["bones"] == pytest.approx(0.3)
    assert a.set_opacity("gluteus_medius", "0.5") and c.opacity["gluteus_medius"] == pytest.approx(0.5)
    assert a.set_opacity("bones", 1.5) is False and "from 0 to 1" in s.message
    assert a.set_opacity("skin", 0.5) is False and "Unknown opacity layer 'skin'" in s.message
    for preset in VIEWS:
        assert a.set_view(preset) and c.view == preset
    c.view = ""  # the browser consumed it
    assert s.view == ""
    assert a.set_view("inferior") is False and "Unknown view 'inferior'" in s.message


def test_browser_to_python(session):
    c, s = session.scene, session.state
    c.selected = "glmax1_l"
    assert s.selected == "glmax1_l" and session.controls.part.value == "glmax1_l"
    c.selected = "nonsense"
    assert s.selected == "glmax1_l" and c.selected == "glmax1_l" and "Unknown part 'nonsense'" in s.message
    c.param.update(playing=False, frame=12.5)
    assert s.playing is False and s.frame == 12.5
    c.hovered = "glmed3_r"
    assert s.hovered == "glmed3_r"


def test_part_ids_round_trip(session):
    for part in ids.part_ids():
        session.controls.part.value = part  # sidebar -> state -> component
        assert session.state.selected == session.scene.selected == part
        session.scene.selected = ""  # browser -> state -> sidebar
        assert session.state.selected == "" and session.controls.part.value == ""
        session.scene.selected = part
        assert session.controls.part.value == part and card_title(part) in card_markdown(session.state.selected)


def test_controls_drive_the_state(session):
    ctl, s, c = session.controls, session.state, session.scene
    ctl.motion.value = "running"
    assert s.motion == "running" and c.motion_index["name"] == "running"
    ctl.motion.value = "rotation"
    ctl.flexion.value = 15.0
    assert c.motion_index["params"]["flexion_deg"] == pytest.approx(15.0)
    ctl.layers["both"].value = ["gluteus_minimus"]
    assert all(p.startswith("glmin") for p in c.visible_parts) and len(c.visible_parts) == 6
    ctl.peel.value = 2
    ctl.isolate.value = [True]
    ctl.display.value = "muscles"
    ctl.opacity["bones"].value = 0.25
    ctl.parts["l"].value = ["glmin1_l"]
    assert (c.peel, c.isolate, c.display) == (2, True, "muscles")
    assert c.opacity["bones"] == 0.25 and sorted(c.visible_parts) == sorted([*ctl.parts["r"].value, "glmin1_l"])
    session.actions.set_visible_parts(["glmax1_r"])
    assert ctl.parts["r"].value == ["glmax1_r"] and ctl.parts["l"].value == []


def test_sidebar_tabs_build_their_widgets_when_first_opened(session):
    ctl = session.controls
    tabs = next(x for x in ctl.sidebar() if isinstance(x, pn.Tabs))
    parts_tab, opacity_tab = tabs.objects[1], tabs.objects[2]
    assert ctl._parts is None and ctl._opacity is None and not parts_tab.objects and not opacity_tab.objects
    tabs.active = 1
    assert ctl._parts is not None and len(parts_tab.objects) == 2 and ctl._opacity is None
    tabs.active = 2
    assert list(opacity_tab.objects) == list(ctl.opacity.values()) and len(opacity_tab.objects) == len(OPACITY_KEYS)
    tabs.active = 1
    assert len(parts_tab.objects) == 2  # built once


def test_card_placeholder_and_content():
    assert card_markdown("") == PLACEHOLDER
    text = card_markdown("glmed1_r")
    for heading in ("Origin", "Insertion", "Innervation", "Blood supply", "Actions", "Rotation with hip flexion",
                    "Running", "Clinical notes", "Exercises", "Sources"):
        assert f"**{heading}.**" in text
    assert text.startswith("### ") and "(right)" in text.splitlines()[0]
    assert "Unknown part" in card_markdown("glmed9_r")


def test_url_parameters():
    ok = build_session(query={"motion": [b"rotation"], "flexion": [b"45"], "select": [b"glmin3_l"], "play": [b"0"]})
    assert (ok.state.motion, ok.state.flexion, ok.state.selected, ok.state.playing) == ("rotation", 45.0, "glmin3_l",
                                                                                       False)
    assert ok.scene.motion_index["params"]["flexion_deg"] == pytest.approx(45.0) and ok.state.message == ""
    bad = build_session(query={"motion": [b"moonwalk"], "select": [b"glmed9_r"]})
    assert "motion: unknown motion 'moonwalk'" in bad.state.message
    assert "select: unknown part 'glmed9_r'" in bad.state.message
    assert bad.state.motion == "abduction" and bad.scene.motion_index["name"] == "abduction"
    assert bad.actions.select("glmed1_r")  # still alive


def test_apply_query_without_a_scene():
    state_messages = []
    from viewer.app.actions import Actions

    actions = Actions(new_state())
    state_messages += apply_query(actions, {"play": ["maybe"], "view": ["superior"]})
    assert actions.state.view == "superior" and "play='maybe'" in actions.state.message
    assert len(state_messages) == 1


def test_actions_never_raise(session, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("viewer.app.sync.motion_payload", boom)
    assert session.actions.set_motion("flexion") is True  # the state accepted it; loading failed
    assert "disk on fire" in session.state.message
    assert session.state.motion == "abduction", "the state goes back to the motion on screen"
    assert session.actions.select("glmed2_r")


def test_serve_parser():
    from viewer.cli import build_parser

    args = build_parser().parse_args(["serve", "--port", "5999", "--no-show", "--allow-websocket-origin", "x.org"])
    assert (args.port, args.address, args.show, args.num_procs) == (5999, "127.0.0.1", False, 1)
    from viewer.app.serve import server_options, websocket_origins

    assert websocket_origins("127.0.0.1", 5999, args.allow_websocket_origin) == [
        "127.0.0.1:5999", "localhost:5999", "x.org"]
    assert server_options()["compress_response"] is True
    assert server_options()["websocket_compression_level"] > 0
