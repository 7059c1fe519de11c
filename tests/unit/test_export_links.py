"""Links in card text: only well-formed web and mail links survive, and no card text breaks an export.

The app's rich text and the offline export share :mod:`viewer.content.markdown`. Every bad link
form (one slash, protocol-relative, other schemes, relative paths, empty hosts, user names,
whitespace and control characters, entity-encoded tricks) renders as its text with no ``href``;
``http(s)://host`` and ``mailto:`` links are kept, normalised. The export's guard reads the
page's elements, not its text: a card quoting ``src=//host`` or ``url(//host)`` exports, and an
export built from a temporary annotations folder full of hostile links succeeds and holds no
``//host`` or ``https:/x`` address in any attribute.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from viewer.anatomy import annotations
from viewer.anatomy.yamlio import ANNOTATIONS_DIR, ANNOTATIONS_ENV
from viewer.content import cards
from viewer.content.markdown import markdown_html, safe_url, sanitize
from viewer.content.payloads import assets_payload
from viewer.export import export_html_string
from viewer.export.cards import card_html as export_card_html
from viewer.export.urls import external_references, is_external_url, page_external_references

EVIL = "evil.example"
BAD_LINKS = {
    "one slash": "[one slash](https:/evil.example/x)",
    "protocol-relative": "[protocol relative](//evil.example/x)",
    "three slashes": "[three slashes](https:///evil.example/x)",
    "empty host": "[empty host](https://)",
    "user name": "[user name](https://user@evil.example/x)",
    "javascript": "[javascript](javascript:alert(1))",
    "data": "[data](data:text/html,evil.example)",
    "file": "[file](file:///etc/passwd)",
    "ftp": "[ftp](ftp://evil.example/x)",
    "relative": "[relative](evil.example/x)",
    "absolute path": "[absolute path](/evil.example/x)",
    "space in host": "[space](<https://evil .example/x>)",
    "tab in scheme": "[tab](<ht\ttps://evil.example/x>)",
    "encoded newline": "[newline](https://evil.example%0A.com/x)",
    "entity slash": "[entity](https:&#47;evil.example/x)",
    "entity protocol-relative": "[entity two](&#47;&#47;evil.example/x)",
    "backslashes": "[backslash](https:\\\\evil.example/x)",
    "underscore host": "[underscore](https://evil_host.example/x)",
    "autolink one slash": "<https:/evil.example/x>",
    "empty mailto": "[empty mail](mailto:)",
    "mailto no host": "[no host](mailto:nobody)",
    "too long": "[too long](https://evil.example/" + "a" * 2_100 + ")",
}
GOOD_LINKS = {
    "[DOI](https://doi.org/10.1016/S0021-9290(99)00032-9)": "https://doi.org/10.1016/S0021-9290(99)00032-9",
    "[upper](HTTP://Example.ORG/Path?q=1#frag)": "http://example.org/Path?q=1#frag",
    "[port](https://example.org:8443/a)": "https://example.org:8443/a",
    "<https://example.org/auto>": "https://example.org/auto",
    "[mail](mailto:Teacher@Example.org)": "mailto:Teacher@example.org",
    "<teacher@example.org>": "mailto:teacher@example.org",
    "[idn](https://münchen.example/x)": "https://xn--mnchen-3ya.example/x",
}


class Attributes(HTMLParser):
    """Every attribute value of every element of an HTML text (entities decoded)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.values: list[tuple[str, str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values += [(tag, name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


def hrefs(fragment: str) -> list[str]:
    return [value for _, name, value in Attributes(fragment).values if name in ("href", "src")]


def text_of(fragment: str) -> str:
    return re.sub(r"<[^>]+>", "", fragment)


# ----------------------------------------------------------------------------- the link policy


@pytest.mark.parametrize("name", BAD_LINKS)
@pytest.mark.parametrize("offline", [False, True])
def test_a_bad_link_renders_as_its_text(name: str, offline: bool) -> None:
    source = BAD_LINKS[name]
    out = markdown_html(f"before {source} after", offline=offline)
    assert hrefs(out) == [], out
    assert "<a" not in out, out
    label = re.match(r"\[([^\]]*)\]", source)
    assert text_of(out).startswith("before ") and text_of(out).rstrip().endswith("after"), out
    if label:
        assert label.group(1) in text_of(out), out  # the link text stays readable


@pytest.mark.parametrize(("source", "href"), list(GOOD_LINKS.items()))
def test_a_good_link_is_kept_normalised(source: str, href: str) -> None:
    out = markdown_html(source)
    assert hrefs(out) == [href], out
    assert 'target="_blank"' in out and 'rel="noopener noreferrer"' in out


def test_offline_keeps_only_mail_links() -> None:
    out = markdown_html("[DOI](https://doi.org/10.1/x) and [mail](mailto:a@example.org)", offline=True)
    assert hrefs(out) == ["mailto:a@example.org"], out
    assert "DOI" in text_of(out)


@pytest.mark.parametrize("url", [
    " https://example.org", "https://example.org\n", "https://exa\u00a0mple.org", "https://example.org/a b",
    'https://example.org/"x', "https://example.org/<x>", "https://example.org\\x", "HTTPS:/example.org",
    "https:example.org", "//example.org", "mailto:a@", "mailto:@example.org", "javascript://example.org/%0Aalert(1)",
    "https://-bad-.example", "https://.example.org", "https://example..org", "",
])
def test_safe_url_refuses(url: str) -> None:
    assert safe_url(url) is None


def test_sanitize_drops_a_bad_href_given_as_html() -> None:
    out = sanitize('<a href="//evil.example/x">a</a> <a href="https:/evil.example">b</a> '
                   '<a href=" https://evil.example">c</a> <a href="HTTPS://Example.org/x">d</a>')
    assert hrefs(out) == ["https://example.org/x"], out
    assert text_of(out) == "a b c d"


def test_the_app_card_shows_a_bad_source_url_as_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    content = hostile_copy(tmp_path)
    monkeypatch.setenv(ANNOTATIONS_ENV, str(content))
    forget()
    try:
        html = cards.card_html("glmed2_r")
        assert "HOSTILE" in html
        assert hrefs(html) and all(safe_url(h) == h for h in hrefs(html)), hrefs(html)
        # of the hostile targets only the well-formed one is a link (``url: https://evil.example/k)(x``
        # is the Markdown link ``[...](https://evil.example/k)`` followed by text)
        assert [h for h in hrefs(html) if EVIL in h] == ["https://evil.example/k"], hrefs(html)
    finally:
        monkeypatch.undo()
        forget()


# ----------------------------------------------------------------------------- the export guard


def test_the_page_guard_reads_elements_not_text() -> None:
    text = "<p>src=//evil.example/x url(//evil.example/y) @import 'https://evil.example/z' fetch('//e.x')</p>"
    assert external_references(text), "the text guard does see these"
    assert page_external_references(f"<html><body>{text}</body></html>") == []
    data = '<script type="application/json">{"name":"src=//evil.example/x"}</script>'
    assert page_external_references(data) == []
    for fetching in ('<a href="https:/evil.example/x">x</a>', '<img src="//evil.example/x.png">',
                     '<a href="&#47;&#47;evil.example">x</a>', '<a href=" HTTPS:\\\\evil.example">x</a>',
                     '<img srcset="a.png 1x, https://evil.example/b.png 2x">',
                     '<div style="background:url(//evil.example/x)"></div>',
                     '<style>body{background:url("https://evil.example/x")}</style>',
                     '<script>fetch("https://evil.example/x")</script>',
                     '<meta http-equiv="refresh" content="0; url=//evil.example">'):
        assert page_external_references(fetching), fetching
    assert not page_external_references('<a href="mailto:a@example.org" title="src=//evil.example">m</a>'
                                        '<link rel="icon" href="data:,"><a href="#top">top</a>')


@pytest.mark.parametrize(("value", "external"), [
    ("https://x", True), ("https:/x", True), ("HTTPS:x", True), ("//x", True), ("\\\\x", True), ("\t//x", True),
    ("ht\ntps://x", True), ("file:///etc", True), ("ws://x", True), ("data:,", False), ("mailto:a@b.c", False),
    ("#frag", False), ("page.html", False), ("javascript:void(0)", False),
])
def test_is_external_url(value: str, external: bool) -> None:
    assert is_external_url(value) is external


def hostile_copy(tmp_path: Path) -> Path:
    """A copy of ``annotations/`` whose gluteus medius card holds every bad link form and fetch-like text."""
    content = tmp_path / "annotations"
    shutil.copytree(ANNOTATIONS_DIR, content)
    path = content / "muscles" / "gluteus_medius.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    part = data["parts"]["glmed2"]
    part["clinical"] = [f"HOSTILE {source}" for source in BAD_LINKS.values()][:20]
    part["origin"] = ("HOSTILE quoting markup: src=//evil.example/a href=https:/evil.example/b url(//evil.example/c) "
                      "@import url(//evil.example/d) import('//evil.example/e') fetch(\"//evil.example/f\")")
    part["insertion"] = '[titled](mailto:a@example.org "src=//evil.example/g") and [t](https://example.org/ok "x")'
    part["name"] = "Gluteus medius src=//evil.example/h url(//evil.example/i)"
    part["sources"] = [{"citation": "HOSTILE source", "url": "https:///evil.example/j"},
                       {"citation": "HOSTILE source two", "url": "https://evil.example/k)(x"}]
    data["summary"] = "HOSTILE [one slash](https:/evil.example/l) [rel](//evil.example/m) " + data["summary"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**9), encoding="utf-8")
    annotations.load_muscle_cards(content / "muscles")  # valid: the links reach the cards
    return content


def forget() -> None:
    annotations.clear_cache()
    cards.card_html.cache_clear()


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    content = hostile_copy(tmp_path)
    monkeypatch.setenv(ANNOTATIONS_ENV, str(content))
    forget()
    assets_payload.cache_clear()  # so the hostile part name reaches the part picker and the page's data
    yield content
    monkeypatch.undo()
    forget()
    assets_payload.cache_clear()  # it holds the part names of the hostile cards


def test_an_export_with_hostile_links_succeeds_and_links_nowhere(hostile: Path) -> None:
    page = export_html_string("abduction", motions="abduction", select="glmed2_r")
    assert "HOSTILE" in page and "quoting markup" in page
    assert ">Gluteus medius src=//evil.example/h url(//evil.example/i) (right)</option>" in page
    values = Attributes(page).values
    urls = [(tag, name, value) for tag, name, value in values if name in ("href", "src", "action", "srcset")]
    assert not [u for u in urls if EVIL in u[2]], [u for u in urls if EVIL in u[2]]
    assert not [u for u in urls if re.match(r"^\s*(//|https?:)", u[2], re.IGNORECASE)], urls
    assert page_external_references(page) == []
    card = export_card_html("glmed2_r")
    assert hrefs(card) == ["mailto:a@example.org"], hrefs(card)
    assert "one slash" in text_of(card) and "titled" in text_of(card)
