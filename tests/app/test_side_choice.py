"""The side choice of the one-leg sweeps: URL key ``side``, Share links, sidebar widget and Python API."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from viewer.app.actions import ActionRefused
from viewer.app.builder import build_session
from viewer.app.share import share_links
from viewer.app.url import query_string, state_query


def parsed(query: str) -> dict[str, list[bytes]]:
    return {k: [v.encode() for v in vs] for k, vs in parse_qs(query.lstrip("?"), keep_blank_values=True).items()}


def test_side_survives_the_url_round_trip_and_the_left_leg_is_loaded() -> None:
    s = build_session(parsed("?motion=rotation&flexion=45&side=l"))
    assert s.state.message == "" and s.state.side == "l"
    assert s.sync.loaded.side == "l" and s.scene.motion_index["params"]["side"] == "l"
    query = query_string(s.state)
    assert parse_qs(query.lstrip("?"))["side"] == ["l"]
    again = build_session(parsed(query))
    assert state_query(again.state) == state_query(s.state) and again.sync.loaded == s.sync.loaded


def test_side_is_written_only_when_not_default_and_only_for_the_sweeps() -> None:
    s = build_session(parsed("?motion=flexion"))
    assert "side" not in state_query(s.state)
    assert s.actions.set_side("l") and state_query(s.state)["side"] == "l"
    assert s.actions.set_motion("running") and "side" not in state_query(s.state)  # running moves both legs
    assert s.state.side == "l" and s.actions.set_motion("abduction") and state_query(s.state)["side"] == "l"


def test_a_bad_side_is_refused_with_a_notice_naming_the_choices() -> None:
    s = build_session(parsed("?motion=rotation&side=x"))
    assert s.state.message == "URL parameter side: unknown side 'x'; expected one of: r, l"
    assert s.state.motion == "rotation" and s.state.side == "r"  # the rest of the URL still applies


def test_share_link_and_iframe_carry_the_side() -> None:
    s = build_session(parsed("?motion=abduction&side=l"))
    link, iframe = share_links(s.state, "http://127.0.0.1:5006/app")
    assert parse_qs(urlsplit(link).query)["side"] == ["l"]
    src = iframe.split('src="')[1].split('"')[0].replace("&amp;", "&")
    assert parse_qs(urlsplit(src).query)["side"] == ["l"]


def test_the_side_widget_is_shown_with_the_sweeps_and_drives_the_state() -> None:
    s = build_session()
    side, label = s.controls.side, s.controls.side_label
    assert side.visible and label.visible and side.options == {"Right leg": "r", "Left leg": "l"}
    assert side in s.controls.sidebar()
    side.value = "l"  # a click
    assert s.state.side == "l" and s.sync.loaded.side == "l"
    s.actions.set_motion("running")
    assert not side.visible and not label.visible
    s.actions.set_motion("rotation", side="r")  # elsewhere: the widget follows
    assert side.visible and side.value == "r"


def test_the_python_api_takes_a_side() -> None:
    from viewer.api import GluteViewer

    v = GluteViewer("abduction", side="l")
    assert v.state.side == "l" and v.session.sync.loaded.side == "l"
    assert v.show_motion("flexion", side="r").state.side == "r"
    with pytest.raises(ActionRefused, match="Unknown side 'left'; expected one of: r, l"):
        v.show_motion("flexion", side="left")
