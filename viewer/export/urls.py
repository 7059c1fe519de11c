"""No external address in the exported page: URLs in texts become plain references, and a guard.

The page must work from ``file://`` without a network, so nothing in it may point at a server.
Texts that carry a URL (card sources, motion sources) keep the reference without the address:
``https://doi.org/10.1016/X`` becomes ``doi:10.1016/X``, a PubMed address ``PMID 16187509``,
anything else its host and path (``simtk.org/projects/nmbl_running``), which no browser loads.
:func:`external_references` finds what would make the browser fetch: ``src``/``href``/``action``
attributes, CSS ``url(...)`` and ``@import``, JavaScript ``import``/``fetch`` of an absolute URL.
"""

from __future__ import annotations

import re
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
