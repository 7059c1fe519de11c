"""What a viewer reads about an error: the safe form of content-file errors, long messages cut in the middle."""

from __future__ import annotations

from viewer.errors import SHOWN_CHARS, shown_text


class ContentError(ValueError):
    shown = "muscles/gluteus_medius.yaml: parts.glmed1.origin: expected at most 4,000 characters"


def test_a_content_error_shows_its_safe_form() -> None:
    assert shown_text(ContentError("/srv/secret/path: 'the token'")) == ContentError.shown


def test_a_long_message_keeps_its_start_and_what_was_expected() -> None:
    text = shown_text(ValueError(f"URL parameter axis: unknown axis '{'x' * 5000}' (expected flexion, adduction)"))
    assert len(text) <= SHOWN_CHARS + 5
    assert text.startswith("URL parameter axis") and text.endswith("(expected flexion, adduction)")
