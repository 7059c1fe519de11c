"""How sure is this? in Debian's Chromium (issue 16, items 3, 4, 6).

The running motion's activation legend shows each muscle's on/off bar over the cycle with its
uncertain edges hatched and its evidence marker, named in a key ("hatched: timing uncertain");
gluteus minimus is coloured at full intensity where it is active (its weaker evidence is a marker,
not a paler colour); the legend's source line and the hip readout carry a kind badge; the card
shows a kind badge after each section's title in the app and in the exported page; the phase
buttons' titles are the phases' definitions. Expected values come from the engine and the data
files (``motion_payload``, ``load_activation``, ``card_markdown``), not from the browser.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from e2e_harness import READY, SCENE, VIEWPORT, open_app, scene_data

from viewer.anatomy.activation import load_activation
from viewer.component.payload import decode
from viewer.content.payloads import MotionSpec, motion_payload
from viewer.export import export_html

pytestmark = pytest.mark.slow
WAIT_MS = 10_000
KINDS = ("measured", "model", "synthesis")


def wait_attr(page, name: str, value: str) -> None:  # noqa: ANN001
    page.wait_for_selector(f'{SCENE}[data-{name}="{value}"]', state="attached", timeout=WAIT_MS)


def test_activation_legend_shows_hatched_timing_and_evidence(page, app_server, console):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_app(page, app_server.url + "?motion=running&color=activation&play=0")
    wait_attr(page, "color-mode", "activation")
    legend = page.locator(".gs-legend").first
    legend.locator(".gs-tl-row").first.wait_for(state="visible", timeout=WAIT_MS)
    table = load_activation()
    rows = legend.locator(".gs-tl-row")
    assert rows.count() == 3
    for i, layer in enumerate(("gluteus_maximus", "gluteus_medius", "gluteus_minimus")):
        row = rows.nth(i)
        assert row.get_attribute("data-layer") == layer
        evidence = row.get_attribute("data-evidence")
        marker = row.locator(".gs-tl-marker")
        assert marker.inner_text() == table.evidence_classes[evidence]["marker"]
        assert table.evidence_classes[evidence]["label"] in marker.get_attribute("aria-label")
        hatched = row.locator(".gs-tl-unc")
        assert hatched.count() >= 2, f"{layer}: no hatched onset and offset"
        assert "repeating-linear-gradient" in hatched.first.evaluate("e => getComputedStyle(e).backgroundImage")
        assert row.locator(".gs-tl-on").count() >= 1
    assert rows.nth(2).get_attribute("data-evidence") == "inferred_from_walking"
    key = " ".join(legend.locator(".gs-tl-key").all_inner_texts())
    assert "hatched: timing uncertain" in key and "inferred from walking" in key and "surface EMG in runners" in key
    assert "extrapolated from slower speeds" in legend.locator(".gs-tl-speed").inner_text()
    badge = legend.locator(".gs-legend-source .gs-kind")
    assert badge.inner_text() == "synthesis" and "Semciw" in badge.get_attribute("title")
    assert "Running related gluteus medius" in legend.locator(".gs-legend-source").get_attribute("title")
    readout = page.locator(".gs-readout .gs-kind").first
    assert readout.inner_text() == "measured" and "Hamner" in readout.get_attribute("title")
    # the legend stays within its share of the canvas
    box, stage = legend.bounding_box(), page.locator(f"{SCENE} .gs-stage").first.bounding_box()
    assert box["width"] * box["height"] <= 0.15 * stage["width"] * stage["height"] + 1
    assert not console.errors, console.errors


def test_minimus_is_drawn_at_full_intensity_where_active(page, app_server, console):
    blob, index = motion_payload(MotionSpec("running"))
    act = decode(blob, index)["activation"]
    column = index["parts"].index("glmin2_r")
    frame = int(np.argmax(act[:, column]))
    assert act[frame, column] == 255
    open_app(page, app_server.url + f"?motion=running&color=activation&play=0&frame={frame}")
    wait_attr(page, "color-mode", "activation")
    for _ in range(WAIT_MS // 100):  # the URL's frame reaches the view
        if abs(float(scene_data(page, "frame") or -1) - frame) < 0.01:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)
    values = page.evaluate("id => window.__gluteScene.colourValues(id)", "glmin2_r")
    medius = page.evaluate("id => window.__gluteScene.colourValues(id)", "glmed2_r")
    assert float(scene_data(page, "frame")) == pytest.approx(frame, abs=0.01)
    assert min(values) == pytest.approx(1.0, abs=1e-6), values[:5]
    assert min(values) == pytest.approx(min(medius), abs=1e-6)
    assert not console.errors, console.errors


def test_phase_buttons_carry_their_definitions(page, app_server, console):
    _, index = motion_payload(MotionSpec("running"))
    open_app(page, app_server.url + "?motion=running&play=0")
    wait_attr(page, "motion", "running")
    for phase in index["phases"]:
        seg = page.locator(f'.gs-seg[data-phase="{phase["id"]}"]').first
        assert phase["definition"], phase["id"]
        assert seg.get_attribute("title") == phase["definition"]
        described = seg.get_attribute("aria-describedby")
        assert page.locator(f"#{described}").first.text_content() == phase["definition"]
    assert not console.errors, console.errors


def test_card_in_the_app_shows_kind_badges(page, app_server, console):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_app(page, app_server.url + "?motion=running&select=glmin1_r&play=0")
    wait_attr(page, "selected", "glmin1_r")
    card = page.locator(".info-card").first
    card.get_by_text("How sure is this?").first.wait_for(timeout=WAIT_MS)
    badges = [t.strip() for t in card.locator("code").all_inner_texts()]
    for kind in KINDS:
        assert kind in badges, badges
    card.get_by_text("How the phases are defined").first.wait_for(timeout=WAIT_MS)
    card.get_by_text("How sure is this?").first.scroll_into_view_if_needed()
    assert not console.errors, console.errors


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(export_html(tmp_path_factory.mktemp("offline") / "glutes.html"))


def test_card_in_the_exported_page_shows_kind_badges(browser, exported):  # noqa: ANN001
    url = exported.resolve().as_uri()
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=90_000)
    page.wait_for_selector(READY, state="attached", timeout=90_000)
    page.locator("#gx-part").select_option("glmed2_r")
    page.wait_for_selector(f'{SCENE}[data-selected="glmed2_r"]', state="attached", timeout=15_000)
    article = page.locator("#gx-cards article:not([hidden])").first
    badges = [t.strip() for t in article.locator("code").all_inner_texts()]
    for kind in KINDS:
        assert kind in badges, badges
    assert "How sure is this?" in article.inner_text()
    assert "How sure is this?" in page.content()  # the credits explain the kinds too
    context.close()


@pytest.mark.parametrize(("motion", "kind"), [("abduction", "model"), ("running", "model + synthesis")])
def test_the_sentence_under_the_view_says_its_kind(page, app_server, console, motion, kind):
    """The narration's lengths and directions are the model's; running adds the EMG synthesis."""
    open_app(page, app_server.url + f"?motion={motion}&play=0")
    badge = page.locator(".gs-narration .gs-kind").first
    badge.wait_for(state="visible", timeout=WAIT_MS)
    assert badge.inner_text() == kind
    assert "model" in badge.get_attribute("title")
    assert not page.locator(".gs-narration").first.inner_text().startswith(kind), "the sentence comes first"
    assert not console.errors, console.errors
