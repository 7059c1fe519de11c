"""The page without a browser: no MathJax, sanitised rich text, the layout's parts, shared payloads."""

from __future__ import annotations

import panel as pn
import pytest
from bokeh.document import Document
from panel.io.resources import _panel_use_mathjax

from viewer.app.builder import build_session
from viewer.app.page import PAGE_BLOCKS, use_page_template
from viewer.component.richtext import RichText, markdown_html, sanitize, text_html
from viewer.content.cards import card_html, card_title


def _document(query: dict | None = None) -> tuple[object, Document]:
    session = build_session(query=query or {})
    doc = Document()
    session.page.server_doc(doc)
    return session, doc


def test_first_document_has_no_panel_html_model_so_no_mathjax():
    """A Markdown/HTML/Alert/Str pane or a Card title would make Panel load MathJax (620 KB compressed)."""
    _, doc = _document({"motion": [b"moonwalk"], "select": [b"glmed1_r"]})  # message bar and card filled
    assert not _panel_use_mathjax(doc.roots)
    names = {type(m).__name__ for m in doc.models}
    assert "HTML" not in names and "Markdown" not in names, names


def test_sidebar_widgets_follow_the_page_and_use_no_html_model_either():
    session, doc = _document()
    # outside a server the controls are added at once (inside one, right after the page loads)
    assert session.controls.motion in session.page.objects[2].objects
    widgets = Document()
    pn.Column(*session.controls.sidebar()).server_doc(widgets)
    assert not _panel_use_mathjax(widgets.roots)


def test_card_and_message_render_through_rich_text():
    session, _ = _document({"motion": [b"moonwalk"]})
    bar = session.page.objects[1]
    if isinstance(bar, pn.Column):  # the message bar and the Share box share the grid area
        bar = bar.objects[0]
    text = bar.objects[0]
    assert bar.visible and 'class="warning"' in text.html
    assert "URL parameter motion: unknown motion 'moonwalk'" in text.html
    session.actions.clear_message()
    assert not bar.visible and text.html == ""
    assert isinstance(session.card, RichText)
    assert session.card.html == card_html("")
    session.actions.select("glmed2_l")
    assert session.card.html == card_html("glmed2_l") and card_title("glmed2_l") in session.card.html
    assert card_html("glmed2_l") is card_html("glmed2_l"), "one string per part and process"


def test_message_bar_is_created_with_the_first_message():
    session, _ = _document({})
    holder = session.page.objects[1]
    assert [x.css_classes for x in holder.objects] == [["share-box"]]  # no bar widgets yet
    session.actions.set_motion("moonwalk")
    bar = holder.objects[0]
    assert bar.visible and "Unknown motion 'moonwalk'" in bar.objects[0].html
    assert bar.objects[1].css_classes == ["viewer-message-close"]
    bar.objects[1].clicks += 1  # dismiss
    assert not bar.visible and session.state.message == ""
    session.actions.select("nonsense")
    assert holder.objects[0] is bar and bar.visible and "nonsense" in bar.objects[0].html


@pytest.mark.parametrize(("dirty", "banned"), [
    ('<script>alert(1)</script><p>x</p>', "<script"),
    ('<img src=x onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<p onclick="steal()">x</p>', "onclick"),
    ('<style>body{display:none}</style>', "<style"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ('<td style="background:url(https://evil.example/x)">1</td>', "url("),
])
def test_sanitize_drops_scripts_events_and_bad_urls(dirty, banned):
    assert banned not in sanitize(dirty)


def test_links_are_safe_and_open_in_a_new_tab():
    out = markdown_html("[DOI](https://doi.org/10.1/x) [m](mailto:a@b.org) [bad](javascript:alert(1))")
    assert out.count('rel="noopener noreferrer"') == 2 and out.count('target="_blank"') == 2
    assert 'href="javascript' not in out  # markdown-it leaves it as text, nh3 would drop the href anyway


def test_markdown_keeps_the_card_structure_and_escapes_raw_html():
    out = markdown_html("### T\n\n**b** *i*\n\n- a\n\n| P | R |\n|---|:--|\n| x | y |\n\n<b>raw</b>")
    for tag in ("<h3>", "<strong>", "<em>", "<li>", "<table>", "<td"):
        assert tag in out, tag
    assert "&lt;b&gt;raw&lt;/b&gt;" in out
    assert text_html("a < b\nc", "warning") == '<p class="warning">a &lt; b\nc</p>'
    assert text_html("") == ""


def test_payloads_are_shared_between_sessions():
    a, b = build_session(query={}), build_session(query={})
    assert a.scene.assets is b.scene.assets and a.scene.motion is b.scene.motion


def test_page_template_adds_viewport_and_preloads():
    doc = Document()
    use_page_template(doc)
    assert doc.template == PAGE_BLOCKS
    assert 'name="viewport"' in PAGE_BLOCKS and "modulepreload" in PAGE_BLOCKS
    use_page_template(None)  # outside a server: nothing to do
