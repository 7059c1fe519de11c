"""No external address in the exported page: URLs in texts become plain references, and a guard.

The page must work from ``file://`` without a network, so nothing in it may point at a server.
Texts that carry a URL (card sources, motion sources) keep the reference without the address:
``https://doi.org/10.1016/X`` becomes ``doi:10.1016/X``, a PubMed address ``PMID 16187509``,
anything else its host and path (``simtk.org/projects/nmbl_running``), which no browser loads.

Two guards find what would make the browser fetch. :func:`external_references` reads text:
``src``/``href``/``action`` attributes, CSS ``url(...)`` and ``@import``, JavaScript
``import``/``fetch`` of an absolute or protocol-relative URL, wherever they appear; it suits a
style sheet or a script. :func:`page_external_references` reads a whole page as the browser
does: the URL attributes of its elements (``href="https:/x"`` and ``src="//host"`` included,
as a browser resolves them), ``style`` attributes, ``<style>`` elements and executable
``<script>`` elements; the text of the page, and inert data such as
``<script type="application/json">``, loads nothing and is not read, so no card text (a
sentence quoting ``src=//host``) can trip it. The export checks every page with it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any, Final

URL_RE: Final = re.compile(r"https?://[^\s<>\"')\]]+(?:\([^\s<>\"')]*\)[^\s<>\"')\]]*)*", re.IGNORECASE)
"""An http(s) URL in running text (parentheses inside it kept, as in DOIs like ``S0021-9290(99)00032-9``)."""
MARKDOWN_LINK_RE: Final = re.compile(r"\[([^\]]*)\]\((https?://[^\s]+?)\)(?=\s|$|[.,;])", re.IGNORECASE)
"""A Markdown link ``[text](url)`` whose target is an http(s) URL."""
FETCHING_RE: Final = re.compile(
    r"""(?:\b(?:src|href|action|poster|data|srcset|formaction)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:\bimport\s*\(?\s*["'`](?:https?:)?//)"""
    r"""|(?:\bfetch\s*\(\s*["'`](?:https?:)?//)""",
    re.IGNORECASE,
)
"""Places where an absolute or protocol-relative URL would make the browser load something."""


def plain_reference(url: str) -> str:
    """A URL as a reference that is not an address (``doi:...``, ``PMID ...`` or host/path)."""
    bare = re.sub(r"^https?://", "", url.strip(), flags=re.IGNORECASE).rstrip("/")
    doi = re.match(r"^(?:dx\.)?doi\.org/(.+)$", bare, re.IGNORECASE)
    if doi:
        return f"doi:{doi.group(1)}"
    pmid = re.match(r"^(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)$", bare,
                    re.IGNORECASE)
    if pmid:
        return f"PMID {pmid.group(1)}"
    return bare


def plain_urls(text: str) -> str:
    """``text`` with every Markdown link to a URL and every bare URL replaced by :func:`plain_reference`.

    A link whose text is its own address becomes the plain reference; another link keeps its
    text followed by the reference in parentheses.
    """

    def link(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        ref = plain_reference(url)
        return ref if label.strip() == url.strip() or not label.strip() else f"{label} ({ref})"

    def bare(match: re.Match[str]) -> str:
        url = match.group(0)
        tail = len(url) - len(url.rstrip(".,;:!?"))
        return plain_reference(url[: len(url) - tail]) + url[len(url) - tail:]

    text = MARKDOWN_LINK_RE.sub(link, text)
    return URL_RE.sub(bare, text)


def strip_urls(value: Any) -> Any:
    """:func:`plain_urls` applied to every string inside nested dicts, lists and tuples."""
    if isinstance(value, str):
        return plain_urls(value) if "://" in value else value
    if isinstance(value, dict):
        return {k: strip_urls(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strip_urls(v) for v in value]
    return value


def external_references(page: str) -> list[str]:
    """Snippets of ``page`` that would make a browser fetch an absolute URL (empty when none)."""
    return [page[max(0, m.start() - 20): m.end() + 40] for m in FETCHING_RE.finditer(page)]


URL_ATTRIBUTES: Final = frozenset({
    "action", "background", "cite", "codebase", "data", "formaction", "href", "icon", "longdesc", "manifest",
    "ping", "poster", "src", "xlink:href",
})
"""Attributes whose value a browser resolves as a URL (and may load)."""
SRCSET_ATTRIBUTES: Final = frozenset({"srcset", "imagesrcset"})
"""Attributes holding a comma-separated list of ``URL [descriptor]``."""
NETWORK_SCHEMES: Final = frozenset({"http", "https", "ftp", "ws", "wss", "file"})
"""WHATWG "special" schemes: ``https:x`` and ``https:/x`` are absolute URLs for a browser."""
INERT_SCRIPT_TYPES: Final = frozenset({"application/json", "application/ld+json", "text/plain", "text/template"})
"""``<script type>`` values a browser does not run."""
_SCHEME_RE: Final = re.compile(r"^([a-z][a-z0-9+.-]*):")
_C0_AND_SPACE: Final = "".join(map(chr, range(0x21)))
"""What a browser's URL parser strips from both ends of a URL: C0 control characters and space."""
_REFRESH_URL_RE: Final = re.compile(r"url\s*=\s*['\"]?([^'\";]*)", re.IGNORECASE)


def is_external_url(value: str) -> bool:
    """Tell whether a browser would resolve the attribute value ``value`` to a network (or file) address.

    Parameters
    ----------
    value : str
        An attribute value, entities already decoded.

    Returns
    -------
    bool
        True for a protocol-relative address (``//host``, or with backslashes) and for any address with a
        network scheme (``https://x``, ``https:/x``, ``HTTPS:x``, ``file:``), after removing what a
        browser's URL parser removes (surrounding spaces and control characters, tabs and line
        breaks anywhere); False for ``data:``, ``mailto:``, ``#fragment`` and relative paths.

    """
    url = re.sub(r"[\t\n\r]", "", value.strip(_C0_AND_SPACE)).replace("\\", "/").lower()
    if url.startswith("//"):
        return True
    scheme = _SCHEME_RE.match(url)
    return bool(scheme) and scheme.group(1) in NETWORK_SCHEMES


class _FetchFinder(HTMLParser):
    """Collect the places of a page that make a browser load a URL (see :func:`page_external_references`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._code: str | None = None  # "style" or "script" while inside one that a browser applies or runs
        self._chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_attributes(tag, attrs)
        kind = dict(attrs).get("type") or ""
        if tag == "style" or (tag == "script" and kind.strip().lower() not in INERT_SCRIPT_TYPES):
            self._code, self._chunks = tag, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_attributes(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._code is not None:
            self._chunks.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._code:
            self.finish_code()

    def finish_code(self) -> None:
        """Check the ``<style>`` or ``<script>`` being read (also when the page ends inside one)."""
        if self._code is not None:
            self.found += external_references("".join(self._chunks))
        self._code, self._chunks = None, []

    def _check_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                urls = [value]
            elif name in SRCSET_ATTRIBUTES:
                urls = [part.split()[0] for part in value.split(",") if part.split()]
            elif name == "style":
                self.found += external_references(f"<style>{value}</style>")
                continue
            else:
                continue
            self.found += [f"<{tag} {name}={value[:60]!r}>" for url in urls if is_external_url(url)]
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            target = _REFRESH_URL_RE.search(values.get("content", ""))
            if target and is_external_url(target.group(1)):
                self.found.append(f"<meta http-equiv=refresh content={values['content'][:60]!r}>")


def page_external_references(page: str) -> list[str]:
    """The places of an HTML page that would make a browser fetch a network address (empty when none).

    Parameters
    ----------
    page : str
        A whole HTML document.

    Returns
    -------
    list of str
        Snippets naming each place: an element's URL attribute (``href``, ``src``, ``srcset``,
        ``action``, ``poster``, ``data``, ... and ``<meta http-equiv=refresh>``) whose value
        :func:`is_external_url`, and :func:`external_references` of ``style`` attributes,
        ``<style>`` elements and executable ``<script>`` elements. The page's text and inert
        scripts (``type="application/json"``) are not read: they load nothing.

    """
    finder = _FetchFinder()
    finder.feed(page)
    finder.close()
    finder.finish_code()  # an unclosed <style> or <script>: its text is still code
    return finder.found
