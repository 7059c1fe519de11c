"""Text that reads right (issue 15, item 5): no raw markup, no orphan headings, one name per control.

Also the colour modes without data for a motion (a note instead of grey fibres) and the plot titles
(part names, not ids). The sentence that names the phase after a jump is tested in
tests/unit/test_narration.py and viewer/frontend/test/phases.test.mjs.
"""

from __future__ import annotations

import html
import re

import pytest

from viewer.anatomy.exercises import EXERCISE_NAMES
from viewer.anatomy.pelvic_drop import SOURCE
from viewer.app.builder import build_session
from viewer.app.plots import PartPlots
from viewer.app.teaching import SMALL_PRINT, TEXT_MARGIN, color_hint_html, exercise_html
from viewer.content.payloads import MotionSpec, motion_scene
from viewer.vocab import ACTION_AXIS_NAMES, COLOR_MODE_NAMES

RAW_TAG = re.compile(r"&lt;/?[a-z]+[^&]*&gt;|<small>", re.IGNORECASE)
"""An escaped tag (shown as text) or a ``<small>`` the sanitiser would keep from Markdown."""


def shown_text(fragment: str) -> str:
    """The text a reader sees in sanitised HTML (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def q(**values: str) -> dict[str, list[bytes]]:
    return {k: [v.encode()] for k, v in values.items()}


@pytest.mark.parametrize("name", EXERCISE_NAMES)
def test_exercise_text_has_no_raw_markup_and_its_source_in_small_print(name: str) -> None:
    fragment = exercise_html(name)
    assert not RAW_TAG.search(fragment), fragment
    assert "<" not in shown_text(fragment) and ">" not in shown_text(fragment)
    small = re.findall(rf'<p class="{SMALL_PRINT}">([^<]*)</p>', fragment)
    assert len(small) == 1 and small[0].startswith("Angles: the project's preset"), fragment


def test_drop_explanation_has_no_raw_markup_and_its_source_in_small_print() -> None:
    s = build_session(q(motion="running", drop="8"))
    fragment = s.teaching.drop_text.html
    assert s.teaching.drop_text.visible and not RAW_TAG.search(fragment), fragment
    assert f'<p class="{SMALL_PRINT}">Source: {html.escape(SOURCE, quote=False)}.</p>' in fragment


def test_sidebar_texts_have_the_widgets_left_padding() -> None:
    s = build_session(q(motion="running", drop="8", color="action"))
    for text in (s.teaching.color_hint, s.teaching.exercise, s.teaching.drop_text):
        assert text.margin == TEXT_MARGIN and text.margin[3] == s.teaching.color_mode.margin[1] == 10


def test_no_heading_without_its_controls() -> None:
    s = build_session(q(motion="running"))
    group = s.teaching.drop_group()
    heading = group.objects[0]
    assert "Gluteus medius weakness" in heading.html and heading.visible
    for motion in ("rotation", "clamshell"):
        assert s.actions.set_motion(motion)
        shown = [w for w in group.objects if w.visible]
        assert shown == [], f"{motion}: {[getattr(w, 'html', w) for w in shown]}"
    assert s.actions.set_motion("running")
    assert heading.visible and s.teaching.drop.visible


def test_a_colour_mode_without_data_says_why_it_falls_back_to_anatomical() -> None:
    s = build_session(q(motion="clamshell", color="activation"))
    hint = shown_text(s.teaching.color_hint.html)
    assert s.teaching.color_hint.visible and "No activation data" in hint and "anatomical colours" in hint
    assert s.actions.set_motion("running")
    assert "No activation data" not in shown_text(s.teaching.color_hint.html)
    for mode in ("action", "stretch"):  # every motion has moment arms and lengths
        assert "No " not in shown_text(color_hint_html(mode, "clamshell"))


def test_plot_titles_use_part_names() -> None:
    plots = PartPlots()
    plots.update(motion_scene(MotionSpec.of("rotation")), "glmed2_r")
    for fig in plots.figures:
        title = fig.title.text
        assert title.startswith("Gluteus medius, middle fibres (right): "), title
        assert "glmed" not in title, title


def test_same_words_for_the_same_control() -> None:
    s = build_session()
    assert list(s.teaching.action_axis.options) == list(ACTION_AXIS_NAMES.values())
    assert list(s.teaching.action_axis.options) == ["Flexion\u2013extension", "Ab\u2013adduction", "Rotation"]
    assert list(s.teaching.color_mode.options) == list(COLOR_MODE_NAMES.values())


def test_the_offline_page_uses_the_same_words() -> None:
    from viewer.export import export_html_string

    page = export_html_string(motions=["abduction"])
    options = set(re.findall(r"<option[^>]*>([^<]*)</option>", page))
    assert set(ACTION_AXIS_NAMES.values()) <= options and set(COLOR_MODE_NAMES.values()) <= options
    assert not {"Flexion / extension", "Action (moment arm)", "Activation (running)"} & options
