"""The page: a title bar, the sidebar controls, the 3D view, the info card and a message bar.

A plain Panel column laid out as a CSS grid by one stylesheet, not a Panel template:
FastListTemplate pulled in the FAST web components (170 KB compressed) and its fixed
header and scrolling sidebar were extra layers the browser composites on every animation
frame. Here the page scrolls as a whole and nothing is fixed or separately scrolled.

- Wide screens (>= 1180 px): sidebar | 3D view | card, the message above the view and card.
- Tablets (761-1179 px, e.g. 1024x768 in landscape): sidebar | 3D view, the card under the view.
- Phones (<= 760 px, e.g. 390x844 in portrait): the 3D view first, then the controls, then
  the card; the message stays on top, where it is seen.

The sidebar's widgets are sent right after the page has loaded, not in the first document:
the 3D view's first frame comes about 0.15 s sooner and nothing moves when they arrive.

No Panel HTML-model pane is used (Markdown, HTML, Alert, Str, Card titles): those load
MathJax (see viewer/component/richtext.py); text goes through ``RichText``.
"""

from __future__ import annotations

import html
from typing import Final

import panel as pn
import param

from viewer.app.actions import Actions
from viewer.app.controls import CONTROL_MARKS
from viewer.app.state import ViewerState
from viewer.component.a11y import Accessibility
from viewer.component.richtext import RichText, text_html
from viewer.vocab import ACCENT

TITLE: Final = "Gluteal muscles"
SIDEBAR_WIDTH: Final = 300
VIEW_HEIGHT: Final = "min(72vh, 760px)"

PAGE_CSS: Final = f"""
:host {{ display: grid !important; grid-template-columns: {SIDEBAR_WIDTH}px minmax(0, 1fr);
  grid-template-areas: "head head" "side msg" "side view" "side plots" "side card";
  grid-template-rows: auto auto auto auto 1fr;
  column-gap: 12px; min-height: 100vh; background: #fff;
  --design-primary-color: {ACCENT}; --design-primary-text-color: #fff; }}
.app-header {{ grid-area: head; }}
.app-sidebar {{ grid-area: side; align-self: stretch; background: #f6f7f9; border-right: 1px solid #e1e4e8;
  padding-bottom: 16px; }}
.app-message {{ grid-area: msg; }}
.app-view {{ grid-area: view; height: {VIEW_HEIGHT}; min-height: 360px; margin-top: 8px; }}
.app-card {{ grid-area: card; padding: 8px 8px 24px 0; }}
.app-plots {{ grid-area: plots; }}
@media (min-width: 1180px) {{
  :host {{ grid-template-columns: {SIDEBAR_WIDTH}px minmax(480px, 3fr) minmax(280px, 1fr);
    grid-template-areas: "head head head" "side msg msg" "side view card" "side plots card";
    grid-template-rows: auto auto auto 1fr; }}
  .app-card {{ padding-top: 8px; }}
}}
@media (max-width: 760px) {{
  :host {{ grid-template-columns: minmax(0, 1fr);
    grid-template-areas: "head" "msg" "view" "side" "card" "plots"; grid-template-rows: none; column-gap: 0; }}
  .app-sidebar {{ border-right: none; border-top: 1px solid #e1e4e8; }}
  .app-view {{ margin: 4px 4px 0; }}
  .app-card {{ padding: 8px 10px 24px; }}
}}
"""
"""The grid (on the page column's shadow root, where its children are)."""

HEADER_STYLES: Final = {"background": ACCENT, "padding": "10px 16px"}

PAGE_MARKS: Final = {
    "app-header": ["banner", ""],
    "app-sidebar": ["complementary", "Controls"],
    "app-view": ["main", "3D view"],
    "app-plots": ["region", "Plots of the selected part"],
    "app-card": ["complementary", "About the selected part"],
}
"""The page's landmarks (role, name) by CSS class; see :class:`viewer.component.a11y.Accessibility`."""


def title_html(title: str = TITLE) -> str:
    """The page title as its one ``<h1>`` (escaped)."""
    return f'<h1 class="title">{html.escape(title)}</h1>'


def build_message_bar(state: ViewerState, actions: Actions, *below: pn.viewable.Viewable) -> pn.Column:
    """Build a warning bar showing ``state.message``, hidden while it is empty, with a dismiss button.

    The bar's text and button are created when the first message comes (most sessions never
    get one); until then the column holds only ``below`` (e.g. the share box).
    """
    holder = pn.Column(*below, sizing_mode="stretch_width", margin=0, css_classes=["app-message"])
    shown: list[RichText] = []

    def follow(*_events: param.parameterized.Event) -> None:
        if not shown and not state.message:
            return
        if not shown:
            text = RichText(css_classes=["viewer-message"], margin=(8, 5, 0, 0))
            close = pn.widgets.Button(label="✕", width=40, align="center", description="Dismiss the message",
                                      css_classes=["viewer-message-close"], margin=(8, 5, 0, 5))
            close.on_click(lambda _e: actions.clear_message())
            shown.append(text)
            holder.objects = [pn.Row(text, close, sizing_mode="stretch_width", margin=0), *holder.objects]
        shown[0].html = text_html(state.message, "warning")
        holder.objects[0].visible = bool(state.message)

    state.param.watch(follow, "message")
    follow()
    return holder


def build_layout(
    state: ViewerState,
    actions: Actions,
    sidebar: list[pn.viewable.Viewable],
    scene: pn.viewable.Viewable,
    card: pn.viewable.Viewable,
    plots: pn.viewable.Viewable | None = None,
    share: tuple[pn.viewable.Viewable, pn.viewable.Viewable] | None = None,
) -> pn.Column:
    """Assemble the page of one session.

    Parameters
    ----------
    state : ViewerState
        The session's state (for the message bar).
    actions : Actions
        The session's actions (to dismiss the message).
    sidebar : list of Viewable
        The sidebar controls, most used first.
    scene : Viewable
        The 3D view (the ``GluteScene`` component).
    card : Viewable
        The info card of the selected part.
    plots : Viewable, optional
        The linked plots of the selected part (under the 3D view; sent after the page has loaded).
    share : (Viewable, Viewable), optional
        The Share button (in the title bar) and what it opens (under the title bar).

    Returns
    -------
    pn.Column
        The page, ready for ``.servable()``.

    """
    button, box = share if share is not None else (None, None)
    header = pn.Row(RichText(title_html(), margin=0), pn.HSpacer(), *([button] if button else []),
                    styles=HEADER_STYLES, margin=0, sizing_mode="stretch_width", css_classes=["app-header"])
    message = build_message_bar(state, actions, *([box] if box is not None else []))
    side = pn.Column(sizing_mode="stretch_width", margin=0, css_classes=["app-sidebar"])
    # the controls follow once the page has loaded (at once outside a server): the browser
    # builds the 3D view first, with half the models to create before its first frame
    charts = pn.Column(sizing_mode="stretch_width", margin=0, css_classes=["app-plots"])

    def later() -> None:
        side.objects = list(sidebar)
        if plots is not None:
            charts.objects = [plots]

    pn.state.onload(later)
    view = pn.Column(scene, sizing_mode="stretch_width", margin=0, css_classes=["app-view"])
    info = pn.Column(card, sizing_mode="stretch_width", margin=0, css_classes=["app-card"])
    # names, pressed states and landmarks for screen readers (drawn nothing; hidden, out of the grid)
    marks = Accessibility(marks=PAGE_MARKS | CONTROL_MARKS)
    return pn.Column(header, message, side, view, charts, info, marks,
                     sizing_mode="stretch_width", margin=0, stylesheets=[PAGE_CSS], css_classes=["app-page"],
                     name=TITLE)
