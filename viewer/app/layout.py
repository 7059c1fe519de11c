"""The page: a title bar, the sidebar controls, the 3D view, the info card and a message bar.

A plain Panel column laid out as a CSS grid by one stylesheet, not a Panel template:
FastListTemplate pulled in the FAST web components (170 KB compressed) and its fixed
header and scrolling sidebar were extra layers the browser composites on every animation
frame. Here the page scrolls as a whole and nothing is fixed or separately scrolled.

- Wide screens (>= 1180 px): sidebar | 3D view | card, the message above the view and card.
- Tablets (761-1179 px, e.g. 1024x768 in landscape): sidebar | 3D view, the card under the view.
- Phones (<= 760 px, e.g. 390x844 in portrait): the 3D view first, then the controls, then
  the card; the message stays on top, where it is seen. A selected part's card opens as a sheet
  from the bottom of the screen (:func:`build_card_sheet`), with a close button.

At every size the 3D view (its canvas and its own sentence and transport bar) is as tall as the
window under the title bar (:data:`VIEW_HEIGHT`). On phones and tablets (and wherever the
pointer is coarse) every control is at least 44x44 CSS px (:data:`TOUCH_CSS`, put into each
widget's shadow root by :func:`touch_sized`).

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
HEADER_HEIGHT: Final = 56
"""The title bar's height (CSS px), fixed so that the view can take the rest of the window."""
VIEW_GAP: Final = 8
"""Space above the view (CSS px)."""
VIEW_HEIGHT: Final = f"calc(100vh - {HEADER_HEIGHT + VIEW_GAP}px)"
"""The 3D view's height: the window under the title bar (its canvas, sentence and transport bar)."""
VIEW_HEIGHT_SMALL: Final = f"calc(100svh - {HEADER_HEIGHT + VIEW_GAP}px)"
"""The same on phones and tablets, under the browser's bars when they are shown (``svh``)."""
CARD_WIDTH: Final = "clamp(340px, 28vw, 520px)"
"""The card column's width on wide screens."""

PAGE_CSS: Final = f"""
:host {{ display: grid !important; grid-template-columns: {SIDEBAR_WIDTH}px minmax(0, 1fr);
  grid-template-areas: "head head" "side msg" "side view" "side plots" "side card";
  grid-template-rows: auto auto auto auto 1fr;
  column-gap: 12px; min-height: 100vh; background: #fff;
  --design-primary-color: {ACCENT}; --design-primary-text-color: #fff; }}
.app-header {{ grid-area: head; height: {HEADER_HEIGHT}px; box-sizing: border-box; align-items: center; }}
.app-sidebar {{ grid-area: side; align-self: stretch; background: #f6f7f9; border-right: 1px solid #e1e4e8;
  padding-bottom: 16px; }}
.app-message {{ grid-area: msg; }}
.app-view {{ grid-area: view; height: {VIEW_HEIGHT}; height: {VIEW_HEIGHT_SMALL}; min-height: 360px;
  margin-top: {VIEW_GAP}px; }}
.app-card {{ grid-area: card; padding: 8px 8px 24px 0; }}
.app-plots {{ grid-area: plots; }}
@media (min-width: 1180px) {{
  :host {{ grid-template-columns: {SIDEBAR_WIDTH}px minmax(480px, 1fr) {CARD_WIDTH};
    grid-template-areas: "head head head" "side msg msg" "side view card" "side plots card";
    grid-template-rows: auto auto auto 1fr; }}
  .app-view {{ height: {VIEW_HEIGHT}; }}
  .app-card {{ padding: 8px 12px 24px 4px; }}
}}
@media (max-width: 760px) {{
  :host {{ grid-template-columns: minmax(0, 1fr);
    grid-template-areas: "head" "msg" "view" "side" "card" "plots"; grid-template-rows: none; column-gap: 0; }}
  .app-sidebar {{ border-right: none; border-top: 1px solid #e1e4e8; }}
  .app-view {{ margin: {VIEW_GAP}px 4px 0; min-height: 420px; }}
  .app-card {{ padding: 8px 10px 24px; }}
  .app-card.app-card-open {{ position: fixed; left: 0; right: 0; bottom: 0; z-index: 20; max-height: 55vh;
    max-height: 55svh; overflow-y: auto; overscroll-behavior: contain; padding: 0 14px 16px; box-sizing: border-box;
    background: #fff; border-top: 1px solid #d3d6dc; border-radius: 14px 14px 0 0;
    box-shadow: 0 -4px 18px rgba(0, 0, 0, 0.22); }}
}}
"""
"""The grid (on the page column's shadow root, where its children are)."""

TOUCH_CSS: Final = """
.bk-btn { white-space: normal; overflow-wrap: anywhere; }
@media (max-width: 1179px), (pointer: coarse) {
  .bk-btn { min-height: 44px; min-width: 44px; }
  select.bk-input, input.bk-input { min-height: 44px; }
  .bk-input-group label:has(input) { display: flex; align-items: center; gap: 8px; min-height: 44px; margin: 0;
    cursor: pointer; }
  .bk-input-group input[type="checkbox"], .bk-input-group input[type="radio"] { width: 18px; height: 18px; margin: 0; }
  .bk-header .bk-tab { display: inline-flex; align-items: center; min-height: 44px; min-width: 44px;
    box-sizing: border-box; }
}
"""
"""Touch-sized widgets on phones and tablets: buttons, selects, check box and radio rows, tabs (44 px)."""
CLOSE_CSS: Final = """
@media (min-width: 761px) { :host { display: none !important; } }
"""
"""The card sheet's close button shows on phones only (elsewhere the card is in the page)."""

HEADER_STYLES: Final = {"background": ACCENT, "padding": "6px 16px"}

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


def touch_sized(*roots: pn.viewable.Viewable | None) -> None:
    """Give every widget and tab bar under ``roots`` :data:`TOUCH_CSS` (44 px touch targets on small screens).

    Tabs that build their widgets when first opened get them sized then too.
    """
    for root in roots:
        if root is None:
            continue
        for obj in root.select(lambda o: isinstance(o, (pn.widgets.Widget, pn.Tabs))):
            if TOUCH_CSS not in obj.stylesheets:
                obj.stylesheets = [*obj.stylesheets, TOUCH_CSS]
            if isinstance(obj, pn.Tabs) and not getattr(obj, "_touch_watched", False):
                obj._touch_watched = True  # noqa: SLF001 - a mark on our own widget
                obj.param.watch(lambda _e, tabs=obj: touch_sized(tabs), "active")


def build_card_sheet(state: ViewerState, card: pn.viewable.Viewable) -> pn.Column:
    """The card's place in the page: a sheet from the bottom of the screen on phones while a part is selected.

    The column gets the class ``app-card-open`` while a part is selected and the sheet was not
    closed (:data:`PAGE_CSS` makes it a fixed sheet on phones only); its close button (shown on
    phones only, :data:`CLOSE_CSS`) puts the card back in the page until another part is selected.
    """
    close = pn.widgets.Button(label="\u2715 Close", width=96, height=44, align="end", visible=False,
                              css_classes=["app-card-close"], stylesheets=[CLOSE_CSS, TOUCH_CSS], margin=(6, 0, 0, 0))
    info = pn.Column(close, card, sizing_mode="stretch_width", margin=0, css_classes=["app-card"])

    def show(open_: bool) -> None:
        info.css_classes = ["app-card", "app-card-open"] if open_ else ["app-card"]
        close.visible = open_

    state.param.watch(lambda e: show(bool(e.new)), "selected")
    close.on_click(lambda _e: show(False))
    show(bool(state.selected))
    return info


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
            close = pn.widgets.Button(label="✕", width=44, align="center", description="Dismiss the message",
                                      css_classes=["viewer-message-close"], margin=(8, 5, 0, 5),
                                      stylesheets=[TOUCH_CSS])
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
    # the title stretches (no spacer sharing the width with it): it stays on one line on a phone
    header = pn.Row(RichText(title_html(), margin=0), *([button] if button else []),
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
    info = build_card_sheet(state, card)
    touch_sized(*sidebar, plots, button, box)
    # names, pressed states and landmarks for screen readers (drawn nothing; hidden, out of the grid)
    marks = Accessibility(marks=PAGE_MARKS | CONTROL_MARKS)
    return pn.Column(header, message, side, view, charts, info, marks,
                     sizing_mode="stretch_width", margin=0, stylesheets=[PAGE_CSS], css_classes=["app-page"],
                     name=TITLE)
