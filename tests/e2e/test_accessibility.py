"""Screen readers and keyboards (issue 15, item 4): axe-core on the main page, the embed page and the export.

axe-core comes bundled in ``axe-playwright-python`` (the ``test`` extra): nothing is fetched at
run time. Every page must have no violation of impact "serious" or "critical"; the others are
printed (``pytest -s`` shows them). The checks also cover what axe cannot see: the layer
toggles announce their pressed state, the play button its state, and a user whose system asks
for reduced motion gets a paused view.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from e2e_harness import READY, SCENE, VIEWPORT, open_app, scene_data, wait_until_drawn

from viewer.content.cards import card_title
from viewer.export import export_html

pytestmark = pytest.mark.slow
BLOCKING = ("serious", "critical")
PART = "glmed1_r"
QUERY = f"?motion=running&play=0&select={PART}"


def axe_violations(page, where: str) -> list[dict]:  # noqa: ANN001
    """Run axe-core on ``page``; print every violation (by impact) and return the serious and critical ones."""
    violations = Axe().run(page).response["violations"]
    counts = Counter(v["impact"] for v in violations)
    print(f"\naxe on {where}: {dict(counts) or 'no violations'}")
    for v in violations:
        targets = [n["target"] for n in v["nodes"][:3]]
        print(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {targets})")
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    """One line per violation: impact, rule, its help and the first elements it names."""
    return "\n".join(f"[{v['impact']}] {v['id']}: {v['help']}: {[n['target'] for n in v['nodes'][:4]]}"
                     for v in violations)


def open_tab(page, name: str) -> None:  # noqa: ANN001
    """Open one of the sidebar's tabs (Layers, Parts, Opacity) and let its widgets arrive."""
    page.get_by_text(name, exact=True).first.click()
    page.wait_for_timeout(800)


def test_main_page_has_no_serious_violations(page, app_server, console):
    open_app(page, app_server.url + QUERY)
    page.locator(".motion-select select").first.wait_for(timeout=15_000)  # the sidebar has arrived
    page.get_by_text(card_title(PART)).first.wait_for(timeout=15_000)  # and the card
    wait_until_drawn(page)
    page.wait_for_timeout(500)  # names and states are given after the widgets appear (a11y.js)
    found = axe_violations(page, "the main page (Layers tab)")
    for tab in ("Parts", "Opacity"):
        open_tab(page, tab)
        seen = {f["id"] for f in found}
        found += [v for v in axe_violations(page, f"the main page ({tab} tab)") if v["id"] not in seen]
    assert not found, f"serious or critical axe violations on the main page:\n{describe(found)}"
    assert not console.errors, console.errors


def test_embed_page_has_no_serious_violations(page, app_server, console):
    open_app(page, app_server.url + "?embed=1&motion=running&play=0")
    page.get_by_role("button", name="Maximus").first.wait_for(timeout=15_000)
    wait_until_drawn(page)
    page.wait_for_timeout(500)
    found = axe_violations(page, "the embed page")
    assert not found, f"serious or critical axe violations on the embed page:\n{describe(found)}"
    assert not console.errors, console.errors


def test_exported_file_has_no_serious_violations(browser, tmp_path: Path):  # noqa: ANN001
    url = Path(export_html(tmp_path / "glutes.html", motions=["running"])).resolve().as_uri()
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded", timeout=90_000)
        page.wait_for_selector(READY, state="attached", timeout=90_000)
        page.wait_for_timeout(500)
        found = axe_violations(page, "the exported file")
        assert not found, f"serious or critical axe violations on the exported file:\n{describe(found)}"
    finally:
        context.close()


def test_toggles_announce_their_state(page, app_server, console):
    open_app(page, app_server.url + "?motion=running&play=0")
    group = page.get_by_role("group", name="Layers shown, both sides")
    maximus = group.get_by_role("button", name="Maximus")
    maximus.wait_for(timeout=15_000)
    assert maximus.get_attribute("aria-pressed", timeout=5_000) == "true"
    maximus.click()
    page.wait_for_selector(f'{SCENE}[data-visible-parts="12"]', state="attached", timeout=10_000)
    page.wait_for_timeout(300)
    assert maximus.get_attribute("aria-pressed") == "false"
    for name in ("Isolate the selected part", "Lower legs and feet"):
        assert page.get_by_role("checkbox", name=name).count() == 1, name
    for name in ("Muscles and fibres", "Muscles (solid)", "Fibres (lines of action)"):
        assert page.get_by_role("radio", name=name).count() == 1, name
    play = page.get_by_role("button", name="play", exact=True)
    assert play.get_attribute("aria-pressed") == "false"
    assert page.get_by_role("button", name="Anterior view").count() == 1
    assert page.get_by_role("heading", level=1, name="Gluteal muscles").count() == 1
    assert page.get_by_role("main").count() == 1
    assert not console.errors, console.errors


def test_reduced_motion_means_no_autoplay(page, app_server, console):
    page.emulate_media(reduced_motion="reduce")
    open_app(page, app_server.url + "?motion=running")  # plays by default
    page.wait_for_timeout(1500)
    assert scene_data(page, "playing") == "0", "the view plays although the system asks for reduced motion"
    page.get_by_role("button", name="play", exact=True).click()  # the user can still press play
    page.wait_for_selector(f'{SCENE}[data-playing="1"]', state="attached", timeout=5_000)
    assert not console.errors, console.errors
