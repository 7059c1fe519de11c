"""The offline page: one HTML file with its style, controls, cards, data and script inline.

Layout: a title bar; the 3D view (the scene component, drawn by the inlined standalone bundle)
beside a column of plain-HTML controls (motion, layers, colour mode, selected part) and the
info card of the selected part; the sources and credits at the bottom. The data is JSON in
``<script type="application/json" id="glute-data">`` (``<`` escaped, so no text can end the
element); the script is ``viewer/frontend/dist/glute-standalone.js`` (built by
``python -m viewer.component.build``), which drives the same viewer code as the app.
Element ids the script and the browser tests use: ``gx-scene``, ``gx-motion``,
``gx-motion-source``, ``gx-layers`` (checkboxes with ``data-layer``, ``gx-lower-legs`` and
``gx-landmarks``), ``gx-display``, ``gx-color``, ``gx-axis``
(in ``gx-axis-row``), ``gx-part``, ``gx-cards`` (``article[data-part]``), ``gx-status``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, Final

from viewer.anatomy import ids
from viewer.anatomy.landmarks import SWITCH_LABEL
from viewer.anatomy.meshes import source_version
from viewer.component.build import BUILD_COMMAND, STANDALONE_BUNDLE
from viewer.export.cards import all_cards, credits, credits_html
from viewer.export.content import PageContent
from viewer.export.options import ExportError
from viewer.export.urls import page_external_references
from viewer.vocab import ACCENT, ACTION_AXIS_NAMES, COLOR_MODE_NAMES, DEFAULT_DISPLAY, DISPLAY_MODES, LOWER_LEGS_LABEL

SUBTITLE: Final = ("Pelvis, femurs and the gluteal muscles as fibre fans, moving with the hip. "
                   "Drag to turn, scroll or pinch to zoom, click a fibre to read about its part.")

CSS: Final = f"""
*, *::before, *::after {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; }}
body {{ margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
  background: #fff; }}
.gx-head {{ background: {ACCENT}; color: #fff; padding: 10px 16px; }}
.gx-head h1 {{ margin: 0; font-size: 1.35rem; }}
.gx-head p {{ margin: 2px 0 0; font-size: 0.9rem; opacity: 0.92; }}
.gx-main {{ display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; padding: 10px; }}
@media (min-width: 1000px) {{ .gx-main {{ grid-template-columns: minmax(0, 1fr) 340px; }} }}
#gx-scene {{ height: min(72vh, 760px); min-height: 360px; }}
.gx-status {{ margin: 6px 0; padding: 6px 10px; border-radius: 6px; background: #fff4e5; color: #7a4200; }}
.gx-side {{ display: flex; flex-direction: column; gap: 10px; min-width: 0; }}
.gx-controls {{ display: flex; flex-direction: column; gap: 8px; padding: 10px; background: #f6f7f9;
  border: 1px solid #e1e4e8; border-radius: 8px; }}
.gx-field {{ display: flex; flex-direction: column; gap: 3px; font-weight: 600; font-size: 0.9rem; }}
.gx-field[hidden] {{ display: none; }}
.gx-field select {{ min-height: 34px; font: inherit; font-weight: 400; border: 1px solid #b9bec7;
  border-radius: 6px; background: #fff; padding: 2px 6px; }}
.gx-source {{ margin: -4px 0 0; font-size: 0.78rem; color: #555; }}
fieldset {{ margin: 0; padding: 4px 8px 6px; border: 1px solid #d3d6dc; border-radius: 6px; }}
legend {{ font-weight: 600; font-size: 0.9rem; padding: 0 4px; }}
fieldset label {{ display: inline-flex; align-items: center; gap: 4px; margin-right: 12px; min-height: 30px; }}
fieldset input {{ width: 18px; height: 18px; }}
.gx-cards article {{ padding: 2px 10px 10px; border: 1px solid #e1e4e8; border-radius: 8px; font-size: 0.92rem; }}
.gx-cards article[hidden] {{ display: none; }}
.gx-cards p > code:first-of-type, .gx-cards li > code:first-child {{ display: inline-block; padding: 0 5px;
  border: 1px solid #8a9099; border-radius: 8px; background: #f3f4f6; color: #333;
  font: 600 11px/1.45 system-ui, sans-serif; vertical-align: 1px; }}
.gx-cards h3 {{ font-size: 1.08rem; margin: 10px 0 6px; color: {ACCENT}; }}
.gx-cards table {{ border-collapse: collapse; width: 100%; font-size: 0.86rem; }}
.gx-cards th, .gx-cards td {{ border: 1px solid #e1e4e8; padding: 3px 5px; vertical-align: top; text-align: left; }}
.gx-cards ul, .gx-cards ol {{ padding-left: 20px; }}
.gx-foot {{ padding: 4px 16px 24px; font-size: 0.82rem; color: #444; border-top: 1px solid #e1e4e8; }}
.gx-foot h2 {{ font-size: 1rem; }}
.gx-foot li {{ margin-bottom: 4px; }}
"""

PAGE: Final = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="glute-viewer">
<title>{title}</title>
<link rel="icon" href="data:,">
<style>{css}</style>
</head>
<body>
<header class="gx-head"><h1>{title}</h1><p>{subtitle}</p></header>
<main class="gx-main">
<section class="gx-view" aria-label="3D view">
<div id="gx-scene"></div>
<p id="gx-status" class="gx-status" role="alert" hidden></p>
</section>
<aside class="gx-side">
<div class="gx-controls">
<label class="gx-field">Motion <select id="gx-motion">{motions}</select></label>
<p id="gx-motion-source" class="gx-source">{motion_source}</p>
<fieldset id="gx-layers"><legend>Layers</legend>{layers}</fieldset>
<label class="gx-field">Draw the muscles as <select id="gx-display">{displays}</select></label>
<label class="gx-field">Colour the fibres by <select id="gx-color">{colours}</select></label>
<label class="gx-field" id="gx-axis-row"{axis_hidden}>Hip axis of the action colours
<select id="gx-axis">{axes}</select></label>
<label class="gx-field">Selected part <select id="gx-part">{parts}</select></label>
</div>
<div id="gx-cards" class="gx-cards" aria-live="polite">
{cards}
</div>
</aside>
</main>
<footer class="gx-foot">
<h2>Sources and credits</h2>
{credits}
</footer>
<script type="application/json" id="glute-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _option(value: str, label: str, selected: bool) -> str:
    return f'<option value="{_e(value)}"{" selected" if selected else ""}>{_e(label)}</option>'


def motion_options(motions: list[dict[str, Any]], initial: str) -> str:
    """``<optgroup>``/``<option>`` markup of the motion picker."""
    groups: dict[str, list[str]] = {}
    for m in motions:
        groups.setdefault(m["group"], []).append(_option(m["key"], m["label"], m["key"] == initial))
    return "".join(f'<optgroup label="{_e(g)}">{"".join(opts)}</optgroup>' for g, opts in groups.items())


def part_options(parts: list[dict[str, Any]], selected: str) -> str:
    """The part picker: ``(none)`` then the parts of each side."""
    out = [_option("", "(none)", not selected)]
    for side, label in (("r", "Right side"), ("l", "Left side")):
        opts = "".join(_option(p["id"], p["name"], p["id"] == selected) for p in parts if p["side"] == side)
        out.append(f'<optgroup label="{_e(label)}">{opts}</optgroup>')
    return "".join(out)


def layer_boxes(layers: tuple[str, ...]) -> str:
    """One checkbox per muscle layer, checked when drawn at start, and one for the lower legs and feet."""
    muscles = "".join(
        f'<label><input type="checkbox" data-layer="{_e(layer)}"{" checked" if layer in layers else ""}>'
        f"{_e(ids.layer_label(layer))}</label>"
        for layer in ids.LAYERS
    )
    return (muscles + f'<label><input type="checkbox" id="gx-lower-legs" checked>{_e(LOWER_LEGS_LABEL)}</label>'
            + f'<label><input type="checkbox" id="gx-landmarks">{_e(SWITCH_LABEL)}</label>')



def cards_markup(selected: str) -> str:
    """Every card as an ``<article data-part>``; only the selected one (or the placeholder) shown."""
    return "\n".join(
        f'<article data-part="{_e(part)}"{"" if part == selected else " hidden"}>{body}</article>'
        for part, body in all_cards().items()
    )


def json_for_script(data: Any) -> str:
    """``data`` as JSON that cannot end its ``<script>`` element (every ``<`` escaped as a JSON unicode escape)."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def standalone_script() -> str:
    """The built standalone bundle, checked to be safe inside an inline ``<script>``.

    Raises
    ------
    FileNotFoundError
        If the bundle has not been built (the message names the build command).
    ExportError
        If the bundle holds ``</script`` or ``<!--`` (it could not be inlined).

    """
    if not STANDALONE_BUNDLE.is_file():
        raise FileNotFoundError(f"the offline bundle {STANDALONE_BUNDLE} is missing; build it with "
                                f"`{BUILD_COMMAND}` (needs Node.js and npm), or reinstall with `pip install -e .`")
    code = STANDALONE_BUNDLE.read_text(encoding="utf-8")
    lowered = code.lower()
    for bad in ("</script", "<!--"):
        if bad in lowered:
            raise ExportError(f"{STANDALONE_BUNDLE} contains {bad!r} and cannot be inlined in a <script> element")
    return code


def render_page(content: PageContent) -> str:
    """The whole page as a string.

    Raises
    ------
    ExportError
        If the page would make a browser load anything from a URL (a guard: nothing should). The
        guard reads the page's elements as a browser does
        (:func:`~viewer.export.urls.page_external_references`), not its text, so no card text
        can trip it.

    """
    opts = content.options
    data = content.data
    initial = next(m for m in data["motions"] if m["key"] == data["initial"]["motion"])
    items = credits(content.assets_index, content.motion_sources, content.activation_source, source_version())
    page = PAGE.format(
        title=_e(opts.title),
        subtitle=_e(SUBTITLE),
        css=CSS,
        motions=motion_options(data["motions"], initial["key"]),
        motion_source=_e(initial["source"]),
        layers=layer_boxes(tuple(opts.layers)),
        colours="".join(_option(k, v, k == opts.color) for k, v in COLOR_MODE_NAMES.items()),
        displays="".join(_option(k, v, k == DEFAULT_DISPLAY) for k, v in DISPLAY_MODES.items()),
        axis_hidden="" if opts.color == "action" else " hidden",
        axes="".join(_option(k, v, k == opts.axis) for k, v in ACTION_AXIS_NAMES.items()),
        parts=part_options(content.assets_index["parts"], opts.select),
        cards=cards_markup(opts.select),
        credits=credits_html(items),
        data=json_for_script(data),
        script=standalone_script(),
    )
    found = page_external_references(page)
    if found:
        raise ExportError(f"the page would load external URLs: {found[:3]}")
    return page


def write_page(page: str, path: Path) -> Path:
    """Write ``page`` (UTF-8) to ``path`` whole or not at all and return it.

    Raises
    ------
    viewer.atomic_write.OutputError
        If it cannot be written (:func:`viewer.atomic_write.write_text`); an existing file is kept.

    """
    from viewer.atomic_write import write_text

    write_text(path, page)
    return path
