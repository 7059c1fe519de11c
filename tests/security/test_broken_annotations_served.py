"""An instructor's broken muscle card does not take the served app down.

The app is served with ``GLUTE_VIEWER_ANNOTATIONS`` pointing at a copy of ``annotations/`` whose
``muscles/gluteus_medius.yaml`` has a wrong type in one field. In Chromium the page still loads,
the 3D view becomes ready, and the card of a selected part shows a short notice naming the file,
the field and what was expected (no traceback); other sessions keep working.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_harness import READY, open_app
from served import has_traceback, log_since, log_size, raw_get, start_app

from viewer.anatomy import annotations
from viewer.anatomy.yamlio import ANNOTATIONS_DIR, ANNOTATIONS_ENV, AnnotationError

pytestmark = pytest.mark.slow
BROKEN_FILE = "gluteus_medius.yaml"
BROKEN_FIELD = "parts.glmed2.actions"


def write_broken_annotations(target: Path) -> Path:
    """Copy ``annotations/`` to ``target`` with ``actions`` of glmed2 turned from a list into text."""
    shutil.copytree(ANNOTATIONS_DIR, target)
    path = target / "muscles" / BROKEN_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["parts"]["glmed2"]["actions"] = "abducts the hip"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AnnotationError, match=BROKEN_FIELD):  # the copy is broken the intended way
        annotations.load_muscle_cards(target / "muscles")
    return target


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    base = tmp_path_factory.mktemp("broken-cards")
    content = write_broken_annotations(base / "annotations")
    try:
        server = start_app(base / "serve.log", env={ANNOTATIONS_ENV: str(content)})
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


CARD = ".info-card .rich-text"
"""The card's HTML box (Playwright's CSS pierces the shadow roots; the innermost match is the box)."""


def card_text(page: Any, needle: str, timeout_ms: int = 30_000) -> str:
    """Text of the info card once it contains ``needle``, or after ``timeout_ms``."""
    text = ""
    for _ in range(timeout_ms // 250):
        boxes = page.locator(CARD)
        text = (boxes.last.text_content() or "") if boxes.count() else ""
        if needle in text:
            break
        page.wait_for_timeout(250)
    return text


def test_broken_card_shows_a_notice_and_the_view_still_works(browser: Any, broken_server: Any) -> None:
    start = log_size(broken_server)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        open_app(page, broken_server.url + "?select=glmed2_r&play=0")
        assert page.locator(READY).count() == 1
        text = card_text(page, BROKEN_FILE)
        assert BROKEN_FILE in text, f"the card does not name the file: {text[:400]}"
        assert BROKEN_FIELD in text and "expected" in text and "array" in text, text[:400]
        assert "could not be read" in text
        assert not has_traceback(text)
        assert not errors, errors

        # another session, another part: the app keeps serving
        other = context.new_page()
        open_app(other, broken_server.url + "?select=glmax1_l&motion=rotation")
        assert other.locator(READY).count() == 1
        assert BROKEN_FILE in card_text(other, BROKEN_FILE)
    finally:
        context.close()
    assert raw_get(broken_server.port, "/").status == 200
    assert not has_traceback(log_since(broken_server, start)), log_since(broken_server, start)[-3000:]
