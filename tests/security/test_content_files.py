"""Content files an instructor (or an attacker with write access to the folder) can swap in.

A copy of ``annotations/`` in ``tmp_path`` is served through ``GLUTE_VIEWER_ANNOTATIONS``, as an
instructor would, and one card file is replaced by something hostile:

- a symbolic link to a file outside the folder holding a secret token: refused before it is
  opened; the card names ``muscles/gluteus_medius.yaml`` and shows neither the token nor any
  absolute path (the server log gets the path, still not the token);
- a named pipe (opening it would block the server) and a 900 kB file: refused from their
  metadata, never opened;
- a 200 kB line (under the file cap, over a text's ``maxLength``): refused by the schema,
  naming the file and the field, without quoting the text;
- a value quoted in the full error (``found '...'``): the card shows the file, field and what
  was expected, not the value.

A real audit hook (``sys.addaudithook``) records every ``open`` while a file is loaded, so "not
opened" is observed, not inferred. :func:`viewer.content.cards.render_all_cards` is checked to
fill the per-process cache: a later card request does not call the Markdown renderer again.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from viewer.anatomy import activation, annotations, ids
from viewer.anatomy.yamlio import ANNOTATIONS_DIR, ANNOTATIONS_ENV, MAX_BYTES, AnnotationError, read_yaml
from viewer.content import cards
from viewer.content.markdown import markdown_html

TOKEN = "ghp_R3allyS3cretT0kenDoNotLeak0123456789"
"""A secret-looking token in the file a link points at."""
CARD_FILE = "gluteus_medius.yaml"
SHOWN_NAME = f"muscles/{CARD_FILE}"
PART = "glmed2_r"

_OPENED: list[str] | None = None


def _record_opens(event: str, args: tuple[Any, ...]) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_record_opens)  # cannot be removed; records only inside watching_opens()


@contextmanager
def watching_opens() -> Iterator[list[str]]:
    """Collect the paths of every ``open`` (builtin or ``os.open``) inside the block."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of ``annotations/`` served through ``GLUTE_VIEWER_ANNOTATIONS``, caches emptied before and after."""
    copy = tmp_path / "course" / "annotations"
    shutil.copytree(ANNOTATIONS_DIR, copy)
    monkeypatch.setenv(ANNOTATIONS_ENV, str(copy))
    _forget()
    yield copy
    monkeypatch.undo()
    _forget()


def _forget() -> None:
    annotations.clear_cache()
    cards.card_html.cache_clear()


def shown_card(part_id: str = PART) -> str:
    """What a viewer reads: the card's Markdown and its HTML."""
    return cards.card_markdown(part_id) + "\n" + cards.card_html(part_id)


def assert_nothing_leaks(text: str, *secrets: str) -> None:
    """No absolute path of the test's folders and none of ``secrets`` in ``text``."""
    for secret in secrets:
        assert secret not in text, f"{secret!r} leaked: {text[:600]}"
    assert "/tmp" not in text and os.sep + "course" + os.sep not in text, text[:600]


def edit_card(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**9), encoding="utf-8")


# ----------------------------------------------------------------------------- links out of the folder


@pytest.mark.parametrize("secret_text", [TOKEN + "\n", f"token: {TOKEN}\n", f"[{TOKEN}]\n"])
def test_a_card_linked_outside_its_folder_is_refused_unread(content: Path, tmp_path: Path, secret_text: str,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    secret = tmp_path / "private" / "token.txt"
    secret.parent.mkdir()
    secret.write_text(secret_text, encoding="utf-8")
    card = content / "muscles" / CARD_FILE
    card.unlink()
    card.symlink_to(secret)

    with caplog.at_level(logging.WARNING), watching_opens() as opened:
        text = shown_card()
    assert str(secret) not in opened and str(card) not in opened, "the link's target was opened"
    assert "could not be read" in text and SHOWN_NAME in text.replace("\\", "")
    assert "inside its folder" in text
    assert_nothing_leaks(text, TOKEN, str(secret), str(tmp_path))
    # the full detail is in the server log, on one line: the path, but still not the token (never read)
    logged = [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()]
    assert logged and all(len(line) <= 600 and "\n" not in line for line in logged), logged
    assert any(str(secret) in line for line in logged), logged
    assert not any(TOKEN in line for line in logged)


def test_every_card_of_the_muscle_names_the_file_not_the_server_path(content: Path, tmp_path: Path) -> None:
    secret = tmp_path / "token.txt"
    secret.write_text(TOKEN, encoding="utf-8")
    card = content / "muscles" / CARD_FILE
    card.unlink()
    card.symlink_to(secret)
    for part_id in ids.part_ids():
        text = shown_card(part_id)
        assert SHOWN_NAME in text.replace("\\", ""), (part_id, text[:300])
        assert_nothing_leaks(text, TOKEN, str(content))


def test_a_link_inside_the_folder_still_loads(content: Path) -> None:
    card = content / "muscles" / CARD_FILE
    kept = content / "muscles" / "drafts" / "medius-v2.yml.txt"
    kept.parent.mkdir()
    card.rename(kept)
    card.symlink_to(Path("drafts") / kept.name)
    assert annotations.part_card(PART)["name"].startswith("Gluteus medius")


def test_a_motion_file_linked_outside_its_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "token.txt"
    secret.write_text(f"entries: {TOKEN}\n", encoding="utf-8")
    folder = tmp_path / "motions"
    folder.mkdir()
    link = folder / "activation.yaml"
    link.symlink_to(secret)
    with watching_opens() as opened, pytest.raises(AnnotationError) as info:
        activation.load_activation(link)
    assert str(secret) not in opened
    err = info.value
    assert err.field == "" and err.shown == "motions/activation.yaml: <top level>: " + err.shown_expected
    assert "inside its folder" in err.shown
    assert_nothing_leaks(err.shown, TOKEN, str(tmp_path))
    assert str(secret) in str(err)  # the full form, for the log and the command line


def test_a_dangling_or_looping_link_is_refused(content: Path) -> None:
    card = content / "muscles" / CARD_FILE
    card.unlink()
    card.symlink_to(content / "muscles" / "nowhere.yaml")
    assert "could not be read" in shown_card()
    _forget()
    card.unlink()
    card.symlink_to(card)  # a loop
    text = shown_card()
    assert "could not be read" in text and SHOWN_NAME in text.replace("\\", "")
    assert_nothing_leaks(text, str(content))


# ----------------------------------------------------------------------------- special and oversize files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_opening_it(content: Path) -> None:
    card = content / "muscles" / CARD_FILE
    card.unlink()
    os.mkfifo(card)
    result: list[str] = []
    with watching_opens() as opened:
        worker = threading.Thread(target=lambda: result.append(shown_card()), daemon=True)
        worker.start()
        worker.join(timeout=30)
    assert not worker.is_alive(), "loading blocked on the named pipe"
    assert str(card) not in opened
    (text,) = result
    assert "could not be read" in text and "named pipe" in text and SHOWN_NAME in text.replace("\\", "")


def test_a_900_kB_file_is_refused_before_reading(content: Path) -> None:
    card = content / "muscles" / CARD_FILE
    edit_card(card, lambda d: d["parts"]["glmed2"].update(origin=TOKEN + "x" * 900_000))
    assert card.stat().st_size > 900_000 > MAX_BYTES
    with watching_opens() as opened:
        text = shown_card()
    assert str(card) not in opened, "the oversize file was opened"
    assert "could not be read" in text and f"{MAX_BYTES:,} bytes" in text and SHOWN_NAME in text.replace("\\", "")
    assert_nothing_leaks(text, TOKEN, "xxxxxxxx")
    assert len(cards.card_markdown(PART)) < 1_000


def test_a_sparse_giant_file_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "motions" / "exercises.yaml"
    path.parent.mkdir()
    with path.open("wb") as fh:
        fh.truncate(8 * 1024**3)  # 8 GiB of holes: reading it would take a while
    with watching_opens() as opened, pytest.raises(AnnotationError, match="at most 262,144 bytes"):
        read_yaml(path)
    assert str(path) not in opened


# ----------------------------------------------------------------------------- schema limits


def test_a_200_kB_line_is_refused_by_the_schema_naming_file_and_field(content: Path) -> None:
    card = content / "muscles" / CARD_FILE
    edit_card(card, lambda d: d["parts"]["glmed2"].update(origin=TOKEN + "y" * 200_000))
    assert MAX_BYTES > card.stat().st_size > 200_000
    with pytest.raises(AnnotationError) as info:
        annotations.load_muscle_cards(content / "muscles")
    err = info.value
    assert (err.file_name, err.field) == (SHOWN_NAME, "parts.glmed2.origin")
    assert "maxLength 4000" in err.shown and "200,0" in err.shown
    text = shown_card()
    assert "parts\\.glmed2\\.origin" in text and "maxLength 4000" in text
    assert_nothing_leaks(text, TOKEN, "yyyyyyyy")


@pytest.mark.parametrize(("field", "change"), [
    ("summary", lambda d: d.update(summary="s" * 4_001)),
    ("parts.glmed1.name", lambda d: d["parts"]["glmed1"].update(name="n" * 201)),
    ("sources[0].url", lambda d: d["sources"][0].update(url="https://doi.org/" + "u" * 2_000)),
    ("parts.glmed3.clinical", lambda d: d["parts"]["glmed3"].update(clinical=["note"] * 21)),
    ("sources", lambda d: d.update(sources=[{"citation": f"Paper {i}"} for i in range(31)])),
])
def test_texts_and_lists_are_capped(content: Path, field: str, change: Any) -> None:
    edit_card(content / "muscles" / CARD_FILE, change)
    with pytest.raises(AnnotationError) as info:
        annotations.load_muscle_cards(content / "muscles")
    assert info.value.field == field and "max" in info.value.shown, str(info.value)[:300]


def test_values_from_the_file_are_not_shown(content: Path, caplog: pytest.LogCaptureFixture) -> None:
    edit_card(content / "muscles" / CARD_FILE,
              lambda d: d["parts"]["glmed2"]["actions"][0].update(coordinate=TOKEN))
    with caplog.at_level(logging.WARNING):
        text = shown_card()
    assert "parts\\.glmed2\\.actions\\[0\\]\\.coordinate" in text and "expected enum" in text
    assert_nothing_leaks(text, TOKEN)
    assert any(TOKEN[:20] in r.getMessage() for r in caplog.records), "the log should keep the detail"


def test_an_unpaired_surrogate_is_refused(content: Path) -> None:
    card = content / "muscles" / CARD_FILE
    card.write_text(card.read_text(encoding="utf-8").replace("name: Gluteus medius\n", 'name: "Glut\\ud800eus"\n', 1),
                    encoding="utf-8")
    with pytest.raises(AnnotationError) as info:
        annotations.load_muscle_cards(content / "muscles")
    assert info.value.field == "name" and "UTF-8" in info.value.shown


def test_the_shipped_files_stay_well_inside_the_limits() -> None:
    for path in sorted(ANNOTATIONS_DIR.glob("*/*.yaml")):
        assert path.stat().st_size < MAX_BYTES / 10, path
    assert list(annotations.load_muscle_cards(annotations.MUSCLES_DIR)) == list(ids.LAYERS)


# ----------------------------------------------------------------------------- cards rendered once


def test_render_all_cards_fills_the_cache_and_later_requests_do_not_render() -> None:
    cards.card_html.cache_clear()
    count = cards.render_all_cards()
    assert count == 1 + len(ids.part_ids()) == cards.card_html.cache_info().currsize
    before = markdown_html.cache_info()
    hits = cards.card_html.cache_info().hits
    shown = {part: cards.card_html(part) for part in ("", *ids.part_ids())}
    assert markdown_html.cache_info() == before, "the Markdown renderer was called again"
    assert cards.card_html.cache_info().hits == hits + count
    assert shown[PART] is cards.card_html(PART) and cards.card_title(PART) in shown[PART]


def test_render_all_cards_survives_a_broken_file(content: Path) -> None:
    (content / "muscles" / CARD_FILE).write_text("id: [\n", encoding="utf-8")
    assert cards.render_all_cards() == 1 + len(ids.part_ids())
    # the three files are loaded together: every part's card is the notice, naming the broken file
    for part_id in ids.part_ids():
        assert "could not be read" in cards.card_html(part_id) and CARD_FILE in cards.card_html(part_id)
    assert "could not be read" not in cards.card_html("")
