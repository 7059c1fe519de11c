"""Ways out of a session: the Share panel (link and iframe snippet) and the embed page.

- :func:`share_links` builds the link of the current view (:func:`viewer.app.url.query_string`)
  and a ready ``<iframe>`` snippet of its embed mode (``embed=1``) from the page's address.
- :class:`SharePanel` is a button that shows both in read-only text boxes, refreshed from the
  state each time it opens, plus the "Download for offline" file (viewer/export).
- :func:`build_embed_page` is the page of ``?embed=1``: only the 3D view (with its own
  transport bar and colour choice), a compact row of layer toggles and a one-line info strip
  about the tapped part, sized for a 640x400 iframe.
"""

from __future__ import annotations

import html
import io
from typing import Any, Final

import panel as pn
import param

from viewer.app.actions import Actions
from viewer.app.controls import CONTROL_MARKS
from viewer.app.state import ViewerState
from viewer.app.url import query_string
from viewer.component.a11y import Accessibility
from viewer.component.richtext import RichText, text_html

EMBED_SIZE: Final = (640, 400)
"""Width and height (CSS px) of the iframe snippet."""
IFRAME_TITLE: Final = "Gluteal muscles, interactive 3D viewer"
EMBED_CSS: Final = """
:host { display: flex !important; flex-direction: column; height: 100vh; min-height: 300px; background: #fff; }
.embed-view { flex: 1 1 auto; min-height: 220px; }
.embed-info { flex: 0 0 auto; font-size: 12px; padding: 0 6px; }
.embed-layers { flex: 0 0 auto; }
"""


def page_address(location: Any) -> str:
    """``protocol//host/path`` of the page (no query), from ``pn.state.location``; ``""`` when unknown."""
    if location is None or not getattr(location, "hostname", ""):
        return ""
    port = f":{location.port}" if location.port else ""
    return f"{location.protocol}//{location.hostname}{port}{location.pathname}"


def share_links(state: ViewerState, base: str) -> tuple[str, str]:
    """The link of the current view and an ``<iframe>`` snippet of its embed mode.

    Parameters
    ----------
    state : ViewerState
        The session's state.
    base : str
        The page's address without a query, e.g. ``http://127.0.0.1:5006/app``.

    Returns
    -------
    link, iframe : str

    """
    link = base + query_string(state)
    embed = base + query_string(state, embed=True)
    width, height = EMBED_SIZE
    iframe = (f'<iframe src="{html.escape(embed, quote=True)}" width="{width}" height="{height}" '
              f'style="border:0" title="{IFRAME_TITLE}" allowfullscreen></iframe>')
    return link, iframe


class SharePanel:
    """The Share button and what it opens: the link, the iframe snippet and the offline file.

    Parameters
    ----------
    state : ViewerState
        The session's state.
    location : panel.io.location.Location or None
        ``pn.state.location`` (``None`` outside a server: the link is relative).

    """

    def __init__(self, state: ViewerState, location: Any = None) -> None:
        self.state, self.location = state, location
        self.button = pn.widgets.Toggle(label="Share", css_classes=["share-button"], width=90, align="center")
        self.extras: list[Any] = []  # factories of more content (pictures), built on first open
        self.box = pn.Column(visible=False, sizing_mode="stretch_width", css_classes=["share-box"])
        self.link: pn.widgets.TextInput | None = None
        self.iframe: pn.widgets.TextAreaInput | None = None
        self.button.param.watch(self._toggle, "value")

    def _build(self) -> None:
        """Create the box's widgets (on first open: a session that never shares never pays for them)."""
        self.link = pn.widgets.TextInput(label="Link to this view", css_classes=["share-link"],
                                         sizing_mode="stretch_width")
        self.iframe = pn.widgets.TextAreaInput(label="Embed in a web page", css_classes=["share-iframe"], rows=3,
                                               sizing_mode="stretch_width")
        download = pn.widgets.FileDownload(callback=self.offline_file, filename="glute-viewer.html",
                                           label="Download for offline", button_type="primary",
                                           css_classes=["offline-download"], sizing_mode="stretch_width",
                                           embed=False)
        self.box.objects = [self.link, self.iframe, download, *(make() for make in self.extras)]

    def _toggle(self, event: param.parameterized.Event) -> None:
        if event.new:
            if self.link is None:
                self._build()
            self.refresh()
        self.box.visible = bool(event.new)

    def refresh(self) -> None:
        """Rebuild the link and the snippet from the current state."""
        if self.link is None:
            self._build()
        self.link.value, self.iframe.value = share_links(self.state, page_address(self.location))

    def offline_file(self) -> io.BytesIO:
        """The one-file offline copy of the current view (viewer/export), for the download button."""
        from viewer.export import export_html_string

        s = self.state
        text = export_html_string(motion=s.motion, flexion=s.flexion, select=s.selected or None,
                                  color=s.color_mode, axis=s.action_axis, layers=_shown_layers(s),
                                  playing=s.playing, side=s.side)
        return io.BytesIO(text.encode("utf-8"))


def _shown_layers(state: ViewerState) -> list[str] | None:
    from viewer.anatomy import ids

    shown = {ids.layer_of(p) for p in state.visible_parts}
    layers = [layer for layer in ids.LAYERS if layer in shown]
    return None if len(layers) == len(ids.LAYERS) else layers


def embed_info_html(part_id: str) -> str:
    """One line about the tapped part for the embed page (its name, or a hint)."""
    if not part_id:
        return text_html("Tap a muscle for its name; the full viewer has the cards and plots.", "muted")
    from viewer.content.cards import card_title

    try:
        return text_html(card_title(part_id), "strong")
    except Exception:  # noqa: BLE001 - a broken card file must not end the embed
        return text_html(part_id, "strong")


def build_embed_page(state: ViewerState, actions: Actions, scene: pn.viewable.Viewable,
                     layers: pn.viewable.Viewable, message: pn.viewable.Viewable) -> pn.Column:
    """The page of ``?embed=1``: message, 3D view, layer toggles and the tapped part's name."""
    info = RichText(embed_info_html(state.selected), css_classes=["embed-info"], margin=(2, 4),
                    sizing_mode="stretch_width")
    state.param.watch(lambda e: setattr(info, "html", embed_info_html(e.new)), "selected")
    view = pn.Column(scene, sizing_mode="stretch_both", margin=0, css_classes=["embed-view"])
    row = pn.Row(layers, sizing_mode="stretch_width", margin=(0, 4), css_classes=["embed-layers"])
    marks = Accessibility(marks={"embed-view": ["main", "3D view of the gluteal muscles"],
                                 "embed-layers": ["region", "Layers"], "embed-info": ["region", "Selected part"]}
                          | CONTROL_MARKS)
    return pn.Column(message, view, row, info, marks, sizing_mode="stretch_both", margin=0, stylesheets=[EMBED_CSS],
                     css_classes=["embed-page"], name="Gluteal muscles")
