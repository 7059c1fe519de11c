"""Build one session of the app: state, actions, controls, scene component, sync, card and page.

Everything is created here, per session, never at module level: sessions share nothing but
the read-only per-process caches of :mod:`viewer.content`. ``panel serve app.py`` and
``glute-viewer serve`` both call :func:`build_app` once per browser tab; the Python API
(:class:`viewer.api.GluteViewer`) calls :func:`build_session` and drives its state with strict
:class:`~viewer.app.actions.Actions` of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import panel as pn
from bokeh.document import Document
from bokeh.events import ConnectionLost

from viewer.app.actions import Actions
from viewer.app.card import build_card
from viewer.app.controls import Controls, build_controls
from viewer.app.layout import build_layout, build_message_bar
from viewer.app.linked_plots import PlotsSync
from viewer.app.memory import COLLECTOR
from viewer.app.page import use_page_template
from viewer.app.pictures import PicturePanel
from viewer.app.share import SharePanel, build_embed_page
from viewer.app.state import ViewerState, new_state
from viewer.app.sync import SceneSync
from viewer.app.teaching import TeachingControls, build_teaching
from viewer.app.url import UrlSync, apply_query, is_embed

log = logging.getLogger(__name__)


@dataclass
class Session:
    """The parts of one session, kept together so tests can drive them without a browser."""

    state: ViewerState
    actions: Actions
    controls: Controls
    scene: pn.viewable.Viewable
    sync: SceneSync
    card: pn.viewable.Viewable
    page: pn.viewable.Viewable
    teaching: TeachingControls
    plots: PlotsSync
    url: UrlSync
    embed: bool = False


def create_scene_component() -> pn.viewable.Viewable:
    """Create the session's ``GluteScene`` with the static assets (bones, fibre path tables) loaded."""
    from viewer.component.scene import GluteScene

    # stretch_width with the height from the page's CSS (layout.py): a stretch_both child would
    # make Panel stretch every parent to the window's height
    return GluteScene(sizing_mode="stretch_width", height=None, min_height=340, styles={"height": "100%"})


def build_session(query: Mapping[str, Sequence[bytes | str]] | None = None, *, detached: bool = False) -> Session:
    """Build a fresh session.

    Parameters
    ----------
    query : mapping, optional
        URL query arguments (``{"motion": [b"rotation"]}``); defaults to the request's
        (``pn.state.session_args``), empty outside a server.
    detached : bool
        Never tie the session to the current served document (no address bar, no end-of-session
        hooks): the warm-up's throwaway session, built inside the first visitor's document by
        ``panel serve app.py``.

    Returns
    -------
    Session

    """
    state = new_state()
    actions = Actions(state)
    if query is None:
        query = _session_args()
    apply_query(actions, query)
    message = state.message  # URL refusals stay visible past the initial motion load
    controls = build_controls(state, actions)
    teaching = build_teaching(state, actions)
    scene = create_scene_component()
    sync = SceneSync(state, actions, scene)
    if message and not state.message:
        state.message = message
    card = build_card(state)
    plots = PlotsSync(state)
    embed = is_embed(query)
    location = None if detached else _location()
    if embed:
        page = build_embed_page(state, actions, scene, controls.layers["both"], build_message_bar(state, actions))
    else:
        share = SharePanel(state, location)
        share.extras.append(lambda: PicturePanel(scene).view)
        page = build_layout(state, actions, controls.sidebar(teaching), scene, card, plots.view(),
                            (share.button, share.box))
    url = UrlSync(state, location, embed)
    if not detached:
        _on_session_end(sync, plots, url)
    return Session(state, actions, controls, scene, sync, card, page, teaching, plots, url, embed)


def build_app() -> pn.viewable.Viewable:
    """Build the page of a fresh session (the entry point of ``app.py`` and ``glute-viewer serve``)."""
    page = build_session().page
    use_page_template(pn.state.curdoc)
    return page


def _session_args() -> Mapping[str, Sequence[bytes]]:
    try:
        return pn.state.session_args or {}
    except Exception:  # noqa: BLE001 - no request outside a server
        return {}


def _location() -> object | None:
    """The session's ``pn.state.location`` inside a server, else ``None``."""
    doc = pn.state.curdoc
    if doc is None or doc.session_context is None:
        return None
    return pn.state.location


def _on_session_end(*links: SceneSync | PlotsSync | UrlSync) -> None:
    doc = pn.state.curdoc
    if doc is not None and doc.session_context is not None:
        def ended(_context: object) -> None:
            for link in links:
                link.unlink()
            COLLECTOR.session_ended()  # its objects are garbage now (viewer/app/memory.py)

        pn.state.on_session_destroyed(ended)
        doc.on_event(ConnectionLost, lambda _event: expire_session(doc))


def expire_session(doc: Document) -> bool:
    """Ask the server to discard ``doc``'s session at its next check (its tab has gone).

    Bokeh keeps a session without a connection for ``unused_session_lifetime`` (15 s) before it
    discards it, so that a page whose websocket is slow to connect still finds its session. A
    session whose websocket has *closed* has no use for that wait: Panel does not reconnect
    (``pn.config.reconnect`` is off), so the tab is gone. Discarding it at the next check
    (``serve.CHECK_UNUSED_MS``) keeps a class that opens and closes tabs from holding dozens of dead
    sessions (docs/how-to/serve.md).

    Returns
    -------
    bool
        Whether the session was found.

    """
    context = doc.session_context
    server = getattr(context, "server_context", None)
    for session in getattr(server, "sessions", ()):
        if session.id == context.id:
            session.request_expiration()
            return True
    return False
