"""``GluteViewer``: the whole viewer as one Panel object, for Jupyter notebooks and scripts.

    from viewer import GluteViewer
    GluteViewer(motion="running", select="glmed2_r", color="activation")

It builds the same session as the served app (:func:`viewer.app.builder.build_session`) from
the same keys as the app's URL (viewer/app/url.py), so every value is checked the same way;
in a notebook a refused value raises ``ValueError`` naming it and what was expected (a URL
only shows a notice). The 3D view's bundle is inlined into the notebook, nothing is fetched.
"""

from __future__ import annotations

from typing import Any

import panel as pn

KEYWORDS = {"motion": "motion", "flexion": "flexion", "select": "select", "color": "color", "axis": "axis",
            "pelvic_drop": "drop", "weak_side": "weak", "view": "view", "play": "play", "speed": "speed",
            "frame": "frame", "parts": "parts", "peel": "peel"}
"""Keyword of :class:`GluteViewer` -> URL key of viewer/app/url.py."""


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


class GluteViewer(pn.viewable.Viewer):
    """The gluteal muscles viewer of one session, displayable in Jupyter.

    Parameters
    ----------
    motion : str, optional
        A motion or exercise (``abduction``, ``rotation``, ``flexion``, ``running``, ``clamshell`` ...).
    flexion : float, optional
        Hip flexion (deg) of the rotation sweep.
    select : str, optional
        A part id such as ``glmed1_r``.
    color : str, optional
        ``anatomical``, ``action``, ``stretch`` or ``activation``.
    axis : str, optional
        Hip axis of the action colours: ``flexion``, ``adduction`` or ``rotation``.
    pelvic_drop, weak_side, view, play, speed, frame, parts, peel
        As the URL keys of viewer/app/url.py (``drop``, ``weak`` ...).

    Attributes
    ----------
    session : viewer.app.builder.Session
        State, actions, widgets and the 3D component: ``viewer.session.actions.select("glmax1_l")``.

    Raises
    ------
    TypeError
        For an unknown keyword.
    ValueError
        For a refused value, with the app's message (what was wrong and what was expected).

    """

    def __init__(self, **values: Any) -> None:
        unknown = sorted(set(values) - set(KEYWORDS))
        if unknown:
            raise TypeError(f"GluteViewer got unknown keyword(s) {', '.join(unknown)}; "
                            f"expected some of: {', '.join(KEYWORDS)}")
        from viewer.app.builder import build_session

        query = {KEYWORDS[k]: [_text(v)] for k, v in values.items() if v is not None}
        session = build_session(query)
        if session.state.message:
            raise ValueError(session.state.message.replace("URL: ", "").replace("URL parameter ", ""))
        self.session = session
        super().__init__()

    @property
    def state(self) -> Any:
        """The session's :class:`~viewer.app.state.ViewerState`."""
        return self.session.state

    def __panel__(self) -> pn.viewable.Viewable:
        """The page: controls, 3D view, plots and card."""
        return self.session.page
