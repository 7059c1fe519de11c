"""``RichText``: sanitised HTML shown by a tiny ESM component instead of Panel's HTML model.

Any Panel pane built on its HTML model (``Markdown``, ``HTML``, ``Alert``, ``Str``, a
``Card`` title) in the first document makes Panel load Bokeh's MathJax bundle (1.8 MB,
about 620 KB compressed; ``panel.io.resources._panel_use_mathjax``, no switch in Panel
1.9). ``RichText`` shows HTML without it: Python renders Markdown with markdown-it-py
(:func:`markdown_html`) or escapes plain text (:func:`text_html`), sanitises the result
with nh3 (:func:`sanitize`: a small tag and attribute allow-list, no scripts or styles, no
event attributes, only http(s)/mailto links, every link ``rel="noopener noreferrer"`` and
``target="_blank"``), and the browser sets it as the element's ``innerHTML``. The ESM
(``static/rich-text.js``) is a few lines of plain JavaScript: nothing to build.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import nh3
import panel as pn
import param
from bokeh.embed.bundle import extension_dirs
from markdown_it import MarkdownIt

TAGS: Final = frozenset({
    "a", "b", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "hr", "i", "li", "ol", "p", "pre",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
})
"""Tags kept by :func:`sanitize`; anything else is dropped (its text kept, except script/style)."""
ATTRIBUTES: Final = {"a": {"href", "title"}, "td": {"style"}, "th": {"style"}, "span": {"class"}, "p": {"class"}}
"""Attributes kept per tag (markdown-it writes table alignment as ``style="text-align:..."``;
styles keep only ``text-align``)."""
URL_SCHEMES: Final = frozenset({"http", "https", "mailto"})
STATIC_DIR: Final = Path(__file__).resolve().parent / "static"
ESM_FILE: Final = STATIC_DIR / "rich-text.js"
STATIC_NAME: Final = "glute_viewer_text"
# Served (cacheable, one small request) from Bokeh's static extension route
# /static/extensions/glute_viewer_text/rich-text.js, like the scene bundle; inlined elsewhere.
extension_dirs.setdefault(STATIC_NAME, STATIC_DIR)

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def sanitize(fragment: str) -> str:
    """Return ``fragment`` with only the allowed tags, attributes and URL schemes (see the module docstring)."""
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


@lru_cache(maxsize=256)
def markdown_html(text: str) -> str:
    """Render Markdown (CommonMark + tables, raw HTML not passed through) to sanitised HTML.

    Cached: the same text gives the same (shared) string in every session.
    """
    return sanitize(_MARKDOWN.render(text))


def text_html(text: str, css_class: str = "") -> str:
    """Plain ``text`` as one escaped paragraph (line breaks kept by the ``warning`` style)."""
    if not text:
        return ""
    cls = f' class="{html.escape(css_class, quote=True)}"' if css_class else ""
    return sanitize(f"<p{cls}>{html.escape(text)}</p>")


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
