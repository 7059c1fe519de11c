"""URL state both ways, the Share links and the embed page, without a browser."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from viewer.anatomy import ids
from viewer.app.builder import build_session
from viewer.app.share import share_links
from viewer.app.url import QUERY_KEYS, query_string, state_query


def parsed(query: str) -> dict[str, list[bytes]]:
    return {k: [v.encode() for v in vs] for k, vs in parse_qs(query.lstrip("?"), keep_blank_values=True).items()}


def rich_session():
    s = build_session()
    a = s.actions
    assert a.set_motion("running")
    assert a.set_pelvic_drop(8, "l")
    assert a.select("glmed3_l")
    assert a.set_color_mode("action", "adduction")
    assert a.toggle_layer("gluteus_maximus", "r", visible=False)
    assert a.set_opacity("bones", 0.4)
    s.state.param.update(playing=False, frame=17.25, speed=0.5, peel=1, isolate=True, display="muscles",
                         show_lower_legs=False, loop=False,
                         camera={"position": [0.1, 0.2, 0.9], "target": [0.0, 0.05, 0.0]})
    return s


def test_every_shareable_value_survives_the_round_trip() -> None:
    s = rich_session()
    query = query_string(s.state)
    again = build_session(parsed(query))
    assert again.state.message == ""
    assert state_query(again.state) == state_query(s.state)
    for name in ("motion", "pelvic_drop", "weak_side", "selected", "color_mode", "action_axis", "visible_parts",
                 "opacity_bones", "frame", "speed", "peel", "isolate", "display", "show_lower_legs", "loop",
                 "playing", "camera"):
        assert getattr(again.state, name) == getattr(s.state, name), name
    assert again.scene.camera == s.state.camera and again.scene.color_mode == "action"


def test_defaults_give_an_empty_query_and_only_known_keys_are_written() -> None:
    s = build_session()
    assert query_string(s.state) == ""
    assert set(state_query(rich_session().state)) <= set(QUERY_KEYS)


@pytest.mark.parametrize(("query", "named"), [
    ({"motion": [b"moonwalk"]}, "motion"),
    ({"frame": [b"-3"]}, "frame"),
    ({"speed": [b"9"]}, "speed"),
    ({"cam": [b"1,2,3"]}, "cam"),
    ({"opacity": [b"bones"]}, "opacity"),
    ({"opacity": [b"skin:0.5"]}, "opacity layer"),
    ({"parts": [b"glmed1_r,glmed9_r"]}, "glmed9_r"),
    ({"phase": [b"midstance"]}, "phase"),
    ({"peel": [b"1.5"]}, "peel"),
    ({"legs": [b"maybe"]}, "legs"),
    ({"wat": [b"1"]}, "unknown URL parameter"),
    ({"select": [b"x" * 5000]}, "characters long"),
])
def test_bad_values_are_ignored_with_a_notice_naming_them(query: dict, named: str) -> None:
    s = build_session(query)
    assert named in s.state.message and s.state.message.startswith("URL")
    assert "Traceback" not in s.state.message
    assert state_query(s.state).keys() <= {"motion"}  # nothing else changed


def test_phase_picks_the_frame_where_the_phase_starts() -> None:
    s = build_session(parsed("?motion=running&phase=midstance"))
    scene_phase = s.scene.motion_index["phase"]
    start = next(p["start"] for p in s.scene.motion_index["phases"] if p["id"] == "midstance")
    assert s.state.message == "" and abs(scene_phase[int(s.state.frame)] - start) < 1.0 / len(scene_phase)


def test_share_links_carry_the_state_and_an_embed_iframe() -> None:
    s = rich_session()
    link, iframe = share_links(s.state, "http://127.0.0.1:5006/app")
    assert link == "http://127.0.0.1:5006/app" + query_string(s.state)
    assert 'width="640" height="400"' in iframe and "embed=1" in iframe and "&amp;" in iframe
    src = iframe.split('src="')[1].split('"')[0].replace("&amp;", "&")
    assert parse_qs(urlsplit(src).query)["select"] == ["glmed3_l"]


def test_embed_page_is_the_view_with_layer_toggles_and_an_info_line() -> None:
    s = build_session(parsed("?embed=1&select=glmed2_r&motion=rotation"))
    assert s.embed and s.state.message == ""
    page = s.page
    assert s.scene in page.objects[1].objects
    assert s.controls.layers["both"] in page.objects[2].objects
    info = page.objects[3]
    assert "Gluteus medius" in info.html
    s.actions.select("glmax1_l")
    assert "Gluteus maximus" in info.html and "left" in info.html
    assert s.controls.motion not in [o for col in page.objects if hasattr(col, "objects") for o in col.objects]
    assert s.state.visible_parts == list(ids.part_ids())  # the embed page keeps all parts drawn
