"""The info card of the selected part in the served app (the card itself: :mod:`viewer.content.cards`).

:func:`build_card` shows :func:`~viewer.content.cards.card_html` in a
:class:`~viewer.component.richtext.RichText` that follows ``state.selected`` (not a Markdown
pane: Panel's HTML model would pull in MathJax, see richtext.py).
"""

from __future__ import annotations

import param

from viewer.app.state import ViewerState
from viewer.component.richtext import RichText
from viewer.content.cards import card_html


def build_card(state: ViewerState) -> RichText:
    """Build the card of ``state.selected`` (a RichText that updates on selection)."""
    card = RichText(card_html(state.selected), css_classes=["info-card"], name="Info card")

    def follow(event: param.parameterized.Event) -> None:
        card.html = card_html(event.new or "")

    state.param.watch(follow, "selected")
    return card
