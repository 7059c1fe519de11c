"""Markdown and plain text to sanitised HTML: the one way text reaches a viewer's page.

Python renders Markdown with markdown-it-py (:func:`markdown_html`: CommonMark and tables, raw
HTML not passed through) or escapes plain text (:func:`text_html`), and sanitises the result with
nh3 (:func:`sanitize`: a small tag and attribute allow-list, no scripts or styles, no event
attributes, only http(s)/mailto links, every link ``rel="noopener noreferrer"`` and
``target="_blank"``). The served app shows the result in a ``RichText``
(:mod:`viewer.component.richtext`); the offline export writes it into the file.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Final

import nh3
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
