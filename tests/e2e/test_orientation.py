"""Orientation aids in Debian's Chromium: the colour key, the orientation marker, landmark labels.

- The anatomical colour key shows by default, one row per muscle drawn with a swatch per part in
  the part colours of viewer/palette.py; it collapses to one line (aria-expanded) and back.
- Every legend (key, action, activation) covers at most 15 % of the canvas, from 390x844 to 1920x1080.
- The orientation marker's letters turn with the camera: the body's right (R) is on the screen's
  left seen from the front and on its right seen from behind; A faces the viewer from the front.
- The landmark labels (sidebar switch, URL ``labels=1``, the exported page's ``gx-landmarks``)
  appear where their landmark projects, keep out of the legend, and go when switched off.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_harness import SCENE, open_app, wait_until_drawn

from viewer.anatomy import ids
from viewer.anatomy.landmarks import load_landmarks
from viewer.palette import part_hex

WAIT_MS = 30_000
MAX_LEGEND_SHARE = 0.15
LABEL_NEAR_PX = 3.0
"""A label's dot is drawn within this of where its landmark projects (rounding of the CSS transform)."""
ROOT_JS = "window.__gluteScene.view.layout"
"""The component's layout, inside its shadow root (document.querySelector does not reach it); ``$R`` in the scripts."""


def evaluate(page, script: str, arg: object = None) -> object:  # noqa: ANN001
    return page.evaluate(script.replace("$R", ROOT_JS), arg)


def wait_js(page, script: str, timeout: float = 30_000) -> None:  # noqa: ANN001
    page.wait_for_function(script.replace("$R", ROOT_JS), timeout=timeout)

RECTS_JS = """(selector) => {
  const canvas = $R.querySelector('.glute-scene canvas').getBoundingClientRect();
  const el = $R.querySelector(selector);
  const r = el && !el.hidden ? el.getBoundingClientRect() : null;
  return {canvas: [canvas.left, canvas.top, canvas.width, canvas.height],
          box: r ? [r.left, r.top, r.width, r.height] : null};
}"""
LETTERS_JS = """() => Object.fromEntries([...$R.querySelectorAll('.gs-orient-letter')].map((e) => {
  const r = e.getBoundingClientRect();
  return [e.dataset.dir, [r.left + r.width / 2, r.top + r.height / 2]];
}))"""
# Where each shown label's dot is and where its landmark projects, computed here from the bone
# matrices and the camera (independently of landmarks.js)
LABELS_JS = """() => {
  const api = window.__gluteScene;
  const view = api.view;
  const cam = api.camera;
  cam.updateMatrixWorld();
  const canvas = view.viewport.canvas.getBoundingClientRect();
  const bones = view.m.index.bones.map((b) => b.id);
  const M = view.m.bones.matrices;
  const marks = Object.fromEntries(view.m.index.landmarks.map((m) => [m.id, m]));
  const out = [];
  for (const el of $R.querySelectorAll('.gs-landmark')) {
    if (el.hidden || el.closest('.gs-landmarks').hidden) continue;
    const mark = marks[el.dataset.landmark];
    const o = bones.indexOf(mark.bone) * 16;
    const [x, y, z] = mark.position;
    const w = [0, 1, 2].map((i) => M[o + i] * x + M[o + 4 + i] * y + M[o + 8 + i] * z + M[o + 12 + i]);
    const v = w.slice();
    const V = cam.matrixWorldInverse.elements;
    const P = cam.projectionMatrix.elements;
    const e = [0, 1, 2, 3].map((i) => V[i] * v[0] + V[4 + i] * v[1] + V[8 + i] * v[2] + V[12 + i]);
    const c = [0, 1, 3].map((i) => P[i] * e[0] + P[4 + i] * e[1] + P[8 + i] * e[2] + P[12 + i] * e[3]);
    const expected = [canvas.left + (c[0] / c[2] + 1) / 2 * canvas.width,
                      canvas.top + (1 - c[1] / c[2]) / 2 * canvas.height];
    const d = el.querySelector('.gs-landmark-dot').getBoundingClientRect();
    const r = el.getBoundingClientRect();
    out.push({id: mark.id, dot: [d.left + d.width / 2, d.top + d.height / 2], expected,
              box: [r.left, r.top, r.width, r.height]});
  }
  return out;
}"""


def shown_labels(page) -> list[dict]:  # noqa: ANN001
    return evaluate(page, LABELS_JS)


def legend_share(page) -> float:  # noqa: ANN001
    rects = evaluate(page, RECTS_JS, ".gs-legend")
    assert rects["box"] is not None, "no legend shown"
    _, _, w, h = rects["box"]
    return w * h / (rects["canvas"][2] * rects["canvas"][3])


def swatch_colours(page) -> dict[str, str]:  # noqa: ANN001
    return evaluate(page, """() => Object.fromEntries([...$R.querySelectorAll(
        '.gs-key-row:not([hidden]) .gs-key-swatch')].map((s) => [s.dataset.part,
        getComputedStyle(s).backgroundColor]))""")


def rgb_text(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_colour_key_shows_by_default_in_the_part_colours(page, app_server, console):
    open_app(page, app_server.url + "?motion=rotation&play=0")
    legend = page.locator(".gs-legend").first
    assert legend.is_visible()
    assert legend.get_attribute("data-mode") == "anatomical"
    rows = page.locator(".gs-key-row:not([hidden])")
    assert rows.count() == len(ids.LAYERS)
    colours = swatch_colours(page)
    expected = {f"{code}{n}": rgb_text(part_hex(f"{code}{n}_r")) for code in ("glmax", "glmed", "glmin")
                for n in ids.PART_NUMBERS}
    assert colours == expected

    toggle = page.locator(".gs-legend-toggle").first
    assert toggle.get_attribute("aria-expanded") == "true"
    tall = legend.bounding_box()["height"]
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator(".gs-key-row").first.is_visible()
    assert legend.bounding_box()["height"] <= 36 < tall, "collapsed legend is not one line"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(".gs-key-row").first.is_visible()
    assert not console.errors, console.errors


def test_colour_key_lists_only_the_muscles_drawn(page, app_server, console):
    open_app(page, app_server.url + "?motion=rotation&play=0&parts=glmed1_r,glmed2_r")
    wait_js(page, "() => $R.querySelectorAll('.gs-key-row:not([hidden])').length === 1")
    assert page.locator(".gs-key-row:not([hidden])").first.get_attribute("data-layer") == "gluteus_medius"
    assert set(swatch_colours(page)) == {"glmed1", "glmed2", "glmed3"}
    assert not console.errors, console.errors


@pytest.mark.parametrize("size", [(390, 844), (1024, 768), (1920, 1080)])
def test_every_legend_covers_at_most_15_percent_of_the_canvas(page, app_server, console, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    for query in ("?motion=running&play=0", "?motion=running&play=0&color=action",
                  "?motion=running&play=0&color=activation", "?motion=abduction&play=0&color=activation"):
        open_app(page, app_server.url + query)
        page.wait_for_timeout(300)  # the legend fits itself after the layout settles (ResizeObserver)
        share = legend_share(page)
        assert share <= MAX_LEGEND_SHARE, f"{size} {query}: legend covers {share:.1%} of the canvas"
    assert not console.errors, console.errors


def test_marker_letters_turn_with_the_camera(page, app_server, console):
    open_app(page, app_server.url + "?motion=rotation&play=0&view=anterior")
    wait_until_drawn(page)
    front = evaluate(page, LETTERS_JS)
    assert front["R"][0] < front["L"][0] - 20, f"seen from the front the body's right is on the left: {front}"
    assert front["S"][1] < front["R"][1] - 10, "superior is up"
    assert abs(front["A"][0] - (front["R"][0] + front["L"][0]) / 2) < 6, "anterior faces the viewer"
    marker = page.locator(".gs-orient").first
    assert marker.get_attribute("role") == "img"
    assert "the body's left is to the right" in marker.get_attribute("aria-label")

    page.locator('.gs-views button[data-view="posterior"]').first.click()
    wait_js(page,
        """() => { const l = [...$R.querySelectorAll('.gs-orient-letter')];
                   const x = (d) => l.find((e) => e.dataset.dir === d).getBoundingClientRect().left;
                   return x('R') > x('L'); }""")
    back = evaluate(page, LETTERS_JS)
    assert back["R"][0] > back["L"][0] + 20, f"seen from behind the body's right is on the right: {back}"
    assert "the body's right is to the right" in marker.get_attribute("aria-label")

    page.locator('.gs-views button[data-view="lateral"]').first.click()
    wait_js(page,
        """() => /the body's right faces you/.test($R.querySelector('.gs-orient').getAttribute('aria-label'))""")
    side = evaluate(page, LETTERS_JS)
    assert side["A"][0] > side["P"][0] + 20, "seen from the right, anterior is to the right of the screen"

    # the left lateral preset shows the left side (vocab.json "lateral_left", the "Lat L" button)
    page.locator('.gs-views button[data-view="lateral_left"]').first.click()
    wait_js(page,
        """() => /the body's left faces you/.test($R.querySelector('.gs-orient')
                 .getAttribute('aria-label'))""")
    side = evaluate(page, LETTERS_JS)
    assert side["P"][0] > side["A"][0] + 20, "seen from the left, anterior is to the left of the screen"
    assert not console.errors, console.errors


def assert_labels_on_their_landmarks(page, at_least: int = 5) -> list[dict]:  # noqa: ANN001
    """The labels shown (at least ``at_least``: overlapping ones are left out), each on its landmark,
    none on the legend."""
    labels = shown_labels(page)
    assert len(labels) >= at_least, f"only {len(labels)} labels shown"
    for label in labels:
        dx = label["dot"][0] - label["expected"][0]
        dy = label["dot"][1] - label["expected"][1]
        assert (dx * dx + dy * dy) ** 0.5 <= LABEL_NEAR_PX, label
    legend = evaluate(page, RECTS_JS, ".gs-legend")["box"]
    if legend:
        lx, ly, lw, lh = legend
        for label in labels:
            x, y, w, h = label["box"]
            assert x >= lx + lw or x + w <= lx or y >= ly + lh or y + h <= ly, f"{label['id']} overlaps the legend"
    return labels


def test_landmark_labels_follow_the_switch_and_their_bones(page, app_server, console):
    open_app(page, app_server.url + "?motion=abduction&play=0&view=posterior")
    wait_until_drawn(page)
    assert shown_labels(page) == [], "the labels are off by default"
    assert page.locator(SCENE).first.get_attribute("data-landmarks") == "0"

    page.locator(".landmarks-toggle input").first.check()
    wait_js(page, "() => $R.querySelectorAll('.gs-landmark:not([hidden])').length > 0 && "
                           "!$R.querySelector('.gs-landmarks').hidden")
    wait_until_drawn(page)
    labels = assert_labels_on_their_landmarks(page)
    shown = {label["id"] for label in labels}
    # seen from behind: the posterior landmarks are labelled (a label overlapping a nearer one is left out)
    assert len(shown & {"sacrum", "psis_r", "psis_l", "ischial_tuberosity_r", "ischial_tuberosity_l"}) >= 2, shown
    assert "Sacrum" in page.locator(".glute-scene canvas").first.get_attribute("aria-label")
    wait_js(page, "() => location.search.includes('labels=1')")

    # a later frame of the sweep: the femur's labels moved with the femur, still on their landmarks
    before = {label["id"]: label["dot"] for label in labels}
    page.locator(".gs-slider").first.fill("30")
    wait_until_drawn(page)
    after = {label["id"]: label["dot"] for label in assert_labels_on_their_landmarks(page)}
    femur = {"greater_trochanter_r", "gluteal_tuberosity_r"} & set(before) & set(after)
    assert femur, "no label of the right femur shown"
    moved = [k for k in femur if max(abs(a - b) for a, b in zip(after[k], before[k], strict=True)) > 5]
    assert moved, "the right femur's labels did not move with the abduction"

    page.locator(".landmarks-toggle input").first.uncheck()
    wait_js(page, "() => $R.querySelector('.gs-landmarks').hidden")
    assert shown_labels(page) == []
    assert not console.errors, console.errors


def test_landmark_labels_from_the_url_and_every_landmark_named(page, app_server, console):
    open_app(page, app_server.url + "?motion=rotation&play=0&view=reset&labels=1")
    wait_js(page, "() => $R.querySelectorAll('.gs-landmark').length > 0")
    wait_until_drawn(page)
    names = evaluate(page, "() => [...$R.querySelectorAll('.gs-landmark')].map((e) => e.dataset.landmark)")
    assert set(names) == {m.id for m in load_landmarks()}
    assert_labels_on_their_landmarks(page)
    assert not console.errors, console.errors


def test_exported_page_switches_the_labels(page, tmp_path: Path, console):
    from viewer.export import export_html

    path = Path(export_html(tmp_path / "page.html", motions="abduction"))
    page.goto(path.resolve().as_uri(), wait_until="domcontentloaded", timeout=90_000)
    page.wait_for_selector('.glute-scene[data-ready="1"]', state="attached", timeout=90_000)
    box = page.locator("#gx-landmarks")
    assert not box.is_checked()
    assert shown_labels(page) == []
    box.check()
    wait_js(page, "() => $R.querySelectorAll('.gs-landmark:not([hidden])').length > 0")
    assert_labels_on_their_landmarks(page, at_least=3)
    box.uncheck()
    wait_js(page, "() => $R.querySelector('.gs-landmarks').hidden")
    assert not console.errors, console.errors
