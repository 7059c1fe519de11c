"""The info card of the selected part in the served app (the card itself: :mod:`viewer.content.cards`).

Each section's title is followed by its kind badge (measured / model / synthesis) and the card
ends with a "How sure is this?" list naming what each kind rests on, the same as the export.

:func:`build_card` shows :func:`~viewer.content.cards.card_html` in a
:class:`~viewer.component.richtext.RichText` that follows ``state.selected`` (not a Markdown
pane: Panel's HTML model would pull in MathJax, see richtext.py).
"""

from __future__ import annotations

from typing import Final

import param

from viewer.app.state import ViewerState
from viewer.component.richtext import RichText
from viewer.content.cards import card_html

CARD_CSS: Final = """
.rich-text th, .rich-text td:first-child { white-space: nowrap; overflow-wrap: normal; word-break: normal; }
.rich-text p > code:first-of-type, .rich-text li > code:first-child { display: inline-block; padding: 0 5px;
  border: 1px solid #8a9099; border-radius: 8px; background: #f3f4f6; color: #333;
  font: 600 11px/1.45 system-ui, sans-serif; vertical-align: 1px; }
"""
"""The card's tables keep their first column (phase names) on one line: "Loading", not "Loadi / ng".
The kind badges (``measured``, ``model``, ``synthesis``: code spans written by
:func:`viewer.content.cards.card_markdown`) look like small labels, not code."""


def build_card(state: ViewerState) -> RichText:
    """Build the card of ``state.selected`` (a RichText that updates on selection)."""
    card = RichText(card_html(state.selected), css_classes=["info-card"], name="Info card", stylesheets=[CARD_CSS])

    def follow(event: param.parameterized.Event) -> None:
        card.html = card_html(event.new or "")

    state.param.watch(follow, "selected")
    return card
