"""``Accessibility``: the names, pressed states and landmarks Bokeh's widgets do not give screen readers.

Bokeh shows a toggle button's state only as a CSS class, leaves slider handles unnamed and
gives a layout no landmark role. This component draws nothing (put it in the page hidden);
its few lines of plain JavaScript (``static/a11y.js``, no build step, inlined in the page)
watch the page, including Bokeh's shadow roots, and:

- give each element with a CSS class named in :attr:`Accessibility.marks` its role and name
  (landmarks such as ``main``, or ``group`` for a row of toggle buttons);
- set ``aria-pressed`` on every button of a button group (layer toggles, the side and flexion
  choices), following its ``bk-active`` class;
- make the headers of ``Tabs`` a ``tablist`` of ``tab`` elements, the open one ``aria-selected``;
- name every slider handle after its slider's title, without the value.

The 3D view names its own controls (``viewer/frontend/src/overlay.js``) and is not watched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import panel as pn
import param

ESM_FILE: Final = Path(__file__).resolve().parent / "static" / "a11y.js"


class Accessibility(pn.custom.JSComponent):
    """Give the page's widgets the roles, names and pressed states screen readers need.

    Parameters
    ----------
    marks : dict of str to [str, str]
        CSS class -> ``[role, accessible name]`` (either may be ``""``: left as it is).

    """

    marks = param.Dict(default={}, doc="CSS class -> [role, accessible name] ('' leaves it unchanged).")

    _esm = ESM_FILE

    def __init__(self, **params: Any) -> None:
        params.setdefault("visible", False)
        params.setdefault("margin", 0)
        super().__init__(**params)
