"""``RichText``: sanitised HTML shown by a tiny ESM component instead of Panel's HTML model.

Any Panel pane built on its HTML model (``Markdown``, ``HTML``, ``Alert``, ``Str``, a
``Card`` title) in the first document makes Panel load Bokeh's MathJax bundle (1.8 MB,
about 620 KB compressed; ``panel.io.resources._panel_use_mathjax``, no switch in Panel
1.9). ``RichText`` shows HTML without it: the HTML comes from :mod:`viewer.content.markdown`
(Markdown or plain text, sanitised with nh3) and the browser sets it as the element's
``innerHTML``. The ESM (``static/rich-text.js``) is a few lines of plain JavaScript: nothing
to build. :func:`markdown_html`, :func:`text_html` and :func:`sanitize` are re-exported here
for the app's widgets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import panel as pn
import param
from bokeh.embed.bundle import extension_dirs

from viewer.content.markdown import markdown_html, sanitize, text_html

__all__ = ["ESM_FILE", "RichText", "markdown_html", "sanitize", "text_html"]

STATIC_DIR: Final = Path(__file__).resolve().parent / "static"
ESM_FILE: Final = STATIC_DIR / "rich-text.js"
STATIC_NAME: Final = "glute_viewer_text"
# Served (cacheable, one small request) from Bokeh's static extension route
# /static/extensions/glute_viewer_text/rich-text.js, like the scene bundle; inlined elsewhere.
extension_dirs.setdefault(STATIC_NAME, STATIC_DIR)


class RichText(pn.custom.JSComponent):
    """Show sanitised HTML (set ``html`` to the output of :func:`markdown_html` or :func:`text_html`).

    The browser only displays ``html``; it never writes it back.
    """

    html = param.String(default="", doc="Sanitised HTML (markdown_html / text_html / sanitize).")

    _esm = ESM_FILE
    _bundle = ESM_FILE

    def __init__(self, html: str = "", **params: Any) -> None:
        params.setdefault("sizing_mode", "stretch_width")
        super().__init__(html=html, **params)

    @classmethod
    def heading(cls, text: str, **params: Any) -> RichText:
        """A short bold label (escaped) above a group of widgets."""
        params.setdefault("margin", (4, 10, 0, 10))
        return cls(text_html(text, "heading"), **params)
