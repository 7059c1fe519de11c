"""The page: a responsive template with the sidebar controls, the 3D view, the info card and a message bar.

On a wide screen (a 1024x768 tablet in landscape) the sidebar sits on the left and
the 3D view and the card share the main area side by side when there is room; on a
narrow one (a 390x844 phone in portrait) the sidebar folds behind the template's
menu button and the card flows under the 3D view. The message bar stays at the
top of the main area, where it is seen on both.
"""

from __future__ import annotations

from typing import Final

import panel as pn
from panel.io.resources import CDN_DIST
from panel.theme import Fast

from viewer.app.actions import Actions
from viewer.app.state import ViewerState

TITLE: Final = "Gluteal muscles"
ACCENT: Final = "#a8322d"
SCENE_STYLES: Final = {"flex": "3 1 480px", "min-width": "300px", "height": "min(72vh, 760px)",
                       "min-height": "360px"}
CARD_STYLES: Final = {"flex": "1 1 300px", "min-width": "280px", "max-height": "min(72vh, 760px)",
                      "overflow-y": "auto"}


class OfflineFast(Fast):
    """Panel's Fast design without its web font: the page requests nothing beyond this server."""

    _resources = {key: value for key, value in Fast._resources.items() if key != "font"} | {
        "js_modules": Fast._resources["js_modules"] | {"fast-design": f"{CDN_DIST}bundled/fast/js/fast_design.js"},
    }


NARROW_CSS: Final = """
@media (max-width: 760px) {
  #sidebar { position: fixed; top: 64px; left: 0; bottom: 0; height: auto; z-index: 50;
             background-color: var(--background-color, #fff); box-shadow: 2px 0 12px rgba(0, 0, 0, 0.25); }
  #sidebar.hidden { box-shadow: none; }
  #main { padding-left: 4px; padding-right: 4px; }
}
"""
"""On a phone the sidebar slides over the 3D view instead of squeezing it."""

MOBILE_WORDS: Final = ("Mobile", "Android", "iPhone", "iPod")


def is_phone(user_agent: str | None) -> bool:
    """Guess from the browser's user agent whether the sidebar should start folded away."""
    return bool(user_agent) and any(word in user_agent for word in MOBILE_WORDS) and "iPad" not in user_agent


def _user_agent() -> str:
    try:
        return str((pn.state.headers or {}).get("User-Agent", ""))
    except Exception:  # noqa: BLE001 - no request outside a server
        return ""


def build_message_bar(state: ViewerState, actions: Actions) -> pn.Row:
    """Build a warning bar showing ``state.message``, hidden while it is empty, with a dismiss button."""
    text = pn.pane.Alert(pn.bind(lambda m: m, state.param.message), alert_type="warning",
                         sizing_mode="stretch_width", css_classes=["viewer-message"], margin=(0, 5))
    close = pn.widgets.Button(label="✕", width=40, align="center", description="Dismiss the message",
                              css_classes=["viewer-message-close"])
    close.on_click(lambda _e: actions.clear_message())
    return pn.Row(text, close, visible=pn.bind(bool, state.param.message), sizing_mode="stretch_width")


def build_layout(
    state: ViewerState,
    actions: Actions,
    sidebar: list[pn.viewable.Viewable],
    scene: pn.viewable.Viewable,
    card: pn.viewable.Viewable,
) -> pn.template.BaseTemplate:
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

    Returns
    -------
    pn.template.BaseTemplate
        Ready for ``.servable()``.

    """
    scene_box = pn.Column(scene, styles=SCENE_STYLES, sizing_mode="stretch_both", margin=0,
                          css_classes=["scene-box"])
    card_box = pn.Column(card, styles=CARD_STYLES, sizing_mode="stretch_width", margin=0, css_classes=["card-box"])
    main = pn.Column(
        build_message_bar(state, actions),
        pn.FlexBox(scene_box, card_box, flex_wrap="wrap", gap="10px", sizing_mode="stretch_width"),
        sizing_mode="stretch_width",
    )
    template = pn.template.FastListTemplate(
        title=TITLE,
        sidebar=sidebar,
        main=[main],
        accent=ACCENT,
        sidebar_width=300,
        main_layout=None,
        theme_toggle=False,
        design=OfflineFast,
        font="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        collapsed_sidebar=is_phone(_user_agent()),
        meta_viewport="width=device-width, initial-scale=1",
    )
    template.config.raw_css.append(NARROW_CSS)
    return template
