"""Markdown and plain text to sanitised HTML: the one way text reaches a viewer's page.

Python renders Markdown with markdown-it-py (:func:`markdown_html`: CommonMark and tables, raw
HTML not passed through) or escapes plain text (:func:`text_html`), and sanitises the result with
nh3 (:func:`sanitize`: a small tag and attribute allow-list, no scripts or styles, no event
attributes, every link ``rel="noopener noreferrer"`` and ``target="_blank"``). The served app
shows the result in a ``RichText`` (:mod:`viewer.component.richtext`); the offline export writes
it into the file.

Links are normalised and checked (:func:`safe_url`): only a well-formed ``http://`` or
``https://`` URL with a host name, or ``mailto:`` with an address, becomes a link. Anything
else (``https:/x``, ``//host/x``, ``javascript:``, ``data:``, ``file:``, relative paths, empty
hosts, user names in the address, spaces, control characters or backslashes) stays as its
Markdown text, readable and inert; :func:`sanitize` drops such an ``href`` from HTML given to
it directly. The offline export renders with ``offline=True``: a web link then shows as its
text too (the export has already turned every address into a plain reference), only ``mailto:``
links stay links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
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
MAX_URL_CHARS: Final = 2000
"""Longest link target kept as a link."""

_HOST: Final = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_WEB_URL: Final = re.compile(rf"(https?)://({_HOST})(:[0-9]{{1,5}})?([/?#].*)?", re.IGNORECASE | re.DOTALL)
"""``scheme://host[:port][/path?query#fragment]``: exactly two slashes, a host name, no user name."""
_MAIL_URL: Final = re.compile(rf"mailto:([a-z0-9._%+-]{{1,64}})@({_HOST})(\?.*)?", re.IGNORECASE | re.DOTALL)
"""``mailto:local@host[?query]``: one address."""
_UNSAFE_CHARS: Final = re.compile(r"[\x00-\x20\x7f-\x9f\s\\\"<>`]")
"""Whitespace (any), control characters, backslashes, quotes and angle brackets: never in a kept link."""


def safe_url(url: str) -> str | None:
    """Return ``url`` normalised if it is a link the app keeps, else ``None``.

    Parameters
    ----------
    url : str
        A link target (as written, or as markdown-it normalised it: percent-encoded, the host
        in punycode).

    Returns
    -------
    str or None
        ``http(s)://host...`` with the scheme and host in lower case, or ``mailto:address``
        with the host in lower case; ``None`` for anything else: another scheme, a relative
        or protocol-relative (``//host``) address, ``https:/x`` (one slash), an empty or
        malformed host, a user name (``https://user@host``), whitespace or control characters
        anywhere, backslashes, quotes or angle brackets, or more than :data:`MAX_URL_CHARS`.

    """
    if not url or len(url) > MAX_URL_CHARS or _UNSAFE_CHARS.search(url):
        return None
    web = _WEB_URL.fullmatch(url)
    if web:
        scheme, host, port, rest = web.groups()
        return f"{scheme.lower()}://{host.lower()}{port or ''}{rest or ''}"
    mail = _MAIL_URL.fullmatch(url)
    if mail:
        local, host, query = mail.groups()
        return f"mailto:{local}@{host.lower()}{query or ''}"
    return None


def _mail_only(url: str) -> str | None:
    """:func:`safe_url` for ``mailto:`` links only (the offline page links to no web address)."""
    safe = safe_url(url)
    return safe if safe is not None and safe.startswith("mailto:") else None


def _markdown(check: Callable[[str], str | None]) -> MarkdownIt:
    """A CommonMark + tables renderer (raw HTML off) whose links must pass ``check``.

    markdown-it asks ``validateLink`` about every link target it parses (normalised first);
    a refused target leaves the link as its source text. ``normalizeLink`` then gives the
    kept target its normal form.
    """
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    encode = md.normalizeLink
    md.normalizeLink = lambda url: check(encode(url)) or encode(url)  # type: ignore[method-assign]
    md.validateLink = lambda url: check(url) is not None  # type: ignore[method-assign]
    return md


_MARKDOWN = _markdown(safe_url)
_OFFLINE_MARKDOWN = _markdown(_mail_only)


def _href_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: an ``a`` element's ``href`` must pass :func:`safe_url` (normalised), else it goes."""
    if tag == "a" and attribute == "href":
        return safe_url(value)
    return value


def sanitize(fragment: str) -> str:
    """Return ``fragment`` with only the allowed tags, attributes and links (see the module docstring)."""
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
        filter_style_properties={"text-align"},
        attribute_filter=_href_filter,
    )


@lru_cache(maxsize=256)
def markdown_html(text: str, *, offline: bool = False) -> str:
    """Render Markdown (CommonMark + tables, raw HTML not passed through) to sanitised HTML.

    Parameters
    ----------
    text : str
        Markdown.
    offline : bool, default False
        For the offline page: web links stay as their Markdown text, only ``mailto:`` links
        are links.

    Returns
    -------
    str
        Sanitised HTML. Cached: the same text gives the same (shared) string in every session.

    """
    return sanitize((_OFFLINE_MARKDOWN if offline else _MARKDOWN).render(text))


def text_html(text: str, css_class: str = "") -> str:
    """Plain ``text`` as one escaped paragraph (line breaks kept by the ``warning`` style)."""
    if not text:
        return ""
    cls = f' class="{html.escape(css_class, quote=True)}"' if css_class else ""
    return sanitize(f"<p{cls}>{html.escape(text)}</p>")
