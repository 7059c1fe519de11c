"""The info card of a part: Markdown built from :func:`viewer.anatomy.annotations.part_card`.

:func:`card_markdown` is a pure function of the part id; :func:`card_html` renders it to
sanitised HTML once per process (every session shares the strings). :func:`render_all_cards`
renders every card ahead of time (the server's warm-up calls it, off the event loop), so no
visitor waits for Markdown. The served app shows a card in a ``RichText`` that follows the
selection (:mod:`viewer.app.card`); the offline export writes it into the file with its links
as plain references (:mod:`viewer.export.cards`).

A card file that cannot be read gives a short notice instead of the card: the file's name
relative to the content folder, the field and what was expected
(:attr:`~viewer.anatomy.yamlio.AnnotationError.shown`), never the server's path or a value
from the file; the full detail goes to the server log, on one line, once per distinct error.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any, Final

from viewer.anatomy import annotations, ids
from viewer.anatomy.action_words import IN_THIS_MODEL, NEUTRAL_TEXT
from viewer.anatomy.yamlio import AnnotationError
from viewer.content.literature_table import HEADING as LITERATURE_HEADING
from viewer.content.literature_table import compare, table_markdown
from viewer.content.markdown import markdown_html

log = logging.getLogger(__name__)
_LOGGED: set[str] = set()
"""Error lines already written to the log (each once per process; at most 100 kept)."""

PLACEHOLDER: Final = (
    "### Select a muscle part\n\n"
    "Click or tap a fibre in the 3D view, or choose a part in the sidebar, to see its origin, insertion, "
    "nerve, blood supply, actions, running roles, clinical notes and exercises."
)
PHASE_NAMES: Final = {
    "loading": "Loading", "midstance": "Midstance", "propulsion": "Propulsion", "float": "Float",
    "early_swing": "Early swing", "mid_swing": "Mid swing", "late_swing": "Late swing",
}

SECTION_NAMES: Final = {
    "origin": "origin", "insertion": "insertion", "innervation": "innervation", "blood_supply": "blood supply",
    "actions": "actions", "rotation_with_flexion": "rotation with hip flexion", "running": "running roles",
    "clinical": "clinical notes", "exercises": "exercises",
}
"""How the "How sure is this?" block names each card section (the muscle files' ``kinds``)."""
PHASES_LINE: Final = (
    "*How the phases are defined: right foot strike and toe-off are measured (force plates, Hamner and Delp "
    "2013; left foot strike assumed at half the cycle); the other boundaries split stance and the rest of the "
    "cycle into thirds, a project convention. Each phase button under the view gives its definition.*"
)


def card_title(part_id: str) -> str:
    """Heading of a part's card, e.g. ``Gluteus medius, anterior fibres (right)``."""
    card = annotations.part_card(part_id)
    return f"{card['name']} ({ids.SIDE_NAMES[card['side']]})"


def card_markdown(part_id: str) -> str:
    """Markdown of the card for ``part_id``; the placeholder for ``""``.

    Parameters
    ----------
    part_id : str
        A part id such as ``glmed1_r``, or ``""`` for no selection.

    Returns
    -------
    str
        Never raises: an unknown id or a broken annotation file gives a short notice.

    """
    if not part_id:
        return PLACEHOLDER
    try:
        card = annotations.part_card(part_id)
    except ids.UnknownIdError as exc:
        return f"### Unknown part\n\n{exc}"
    except AnnotationError as exc:  # a broken (e.g. instructor-edited) card file: say which and why
        _log_once(part_id, exc)
        return f"### {part_id}\n\nThe annotations for this part could not be read: {_escape_markdown(exc.shown)}"
    return "\n\n".join(_sections(card))


def _sections(card: dict[str, Any]) -> list[str]:
    """Return the card's Markdown blocks, in reading order."""
    nerve = card["innervation"]
    groups = _kind_groups(card["layer"])
    kind = {section: g["kind"] for g in groups for section in g["sections"]}

    def title(text: str, section: str) -> str:  # "**Origin.** `measured`": the section's kind as a badge
        return f"**{text}.**" + (f" `{kind[section]}`" if section in kind else "")

    out = [
        f"### {card['name']} ({ids.SIDE_NAMES[card['side']]})",
        f"*{card['muscle_name']}* — {card['muscle_summary']}",
        f"{title('Origin', 'origin')} {card['origin']}",
        f"{title('Insertion', 'insertion')} {card['insertion']}",
        f"{title('Innervation', 'innervation')} {nerve['nerve']} ({', '.join(nerve.get('roots', []))})",
        title("Blood supply", "blood_supply") + "\n" + _bullets(card["blood_supply"]),
        title("Actions", "actions") + "\n" + _bullets(_action(a) for a in card["actions"]),
    ]
    rot = card.get("rotation_with_flexion")
    if rot:
        rot_title = title("Rotation with hip flexion", "rotation_with_flexion")
        out.append(f"{rot_title} {_rotation_line(rot)} {rot['summary']}")
    running = card.get("running") or {}
    if running:
        rows = [f"| {PHASE_NAMES.get(p, p)} | {running[p]} |" for p in annotations.RUNNING_PHASES if p in running]
        out.append(title("Running", "running") + "\n\n| Phase | Role |\n|---|---|\n" + "\n".join(rows))
        out.append(PHASES_LINE)
    if card.get("clinical"):
        out.append(title("Clinical notes", "clinical") + "\n" + _bullets(card["clinical"]))
    if card.get("exercises"):
        out.append(title("Exercises", "exercises") + "\n"
                   + _bullets(f"**{e['name']}** — {e['cue']}" for e in card["exercises"]))
    if groups:
        out.append("**How sure is this?**\n" + _bullets(
            f"`{g['kind']}` {', '.join(SECTION_NAMES[x] for x in g['sections']).capitalize()} — {g['basis']}"
            for g in groups))
    literature = _literature_section(card["id"])
    if literature:
        out.append(literature)
    out.append("**Sources.**\n" + "\n".join(f"{i}. {_source(s)}" for i, s in enumerate(card["sources"], 1)))
    out.append(f"*{card['provenance']}*")
    return out


def _kind_groups(layer: str) -> list[dict[str, Any]]:
    """The muscle file's ``kinds``: which card sections are measured, the model's or the project's synthesis."""
    return list(annotations.load_muscle_cards()[layer].get("kinds") or [])


def _literature_section(part_id: str) -> str:
    """The "Model next to literature" table (:mod:`viewer.content.literature_table`); a notice if it cannot be made."""
    try:
        return table_markdown(compare(part_id))
    except AnnotationError as exc:  # a broken literature file: say which and why, keep the card
        _log_once(part_id, exc)
        return f"{LITERATURE_HEADING} The literature file could not be read: {_escape_markdown(exc.shown)}"
    except Exception:  # noqa: BLE001 - the card must show whatever the engine does
        log.exception("card %s: the model-next-to-literature table could not be computed", part_id)
        return ""


def _log_once(part_id: str, exc: AnnotationError) -> None:
    """Write the full detail of a card file's error to the server log, one line, once per distinct error."""
    line = exc.log_line()
    if line not in _LOGGED:
        if len(_LOGGED) >= 100:
            _LOGGED.clear()
        _LOGGED.add(line)
        log.warning("card %s could not be read: %s", part_id, line)


def _escape_markdown(text: str) -> str:
    """Backslash-escape Markdown punctuation, so an error message shows as written."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", text)


def _bullets(items: Any) -> str:
    return "\n".join(f"- {item}" for item in items)


def _action(action: dict[str, Any]) -> str:
    direction = str(action["direction"]).replace("_", " ")
    if action["coordinate"] == "rotation":
        direction += " rotation"
    size = [f"{action['magnitude']} lever"] if action.get("magnitude") else []
    if action.get("rank"):
        size.append(f"the {action['rank']} of the three parts")
    lever = f" ({'; '.join(size)} {IN_THIS_MODEL})" if size else ""
    note = f" — {action['note']}" if action.get("note") else ""
    return f"**{direction.capitalize()}**{lever}{note}"


def _rotation_class(word: str, arm_mm: float | None) -> str:
    """``external (-21.7 mm)``, or the neutral class in words."""
    if arm_mm is None:
        return NEUTRAL_TEXT if word == "neutral" else word
    if word == "neutral":
        return f"about zero ({arm_mm:+.1f} mm; the sign depends on the model)"
    return f"{word} ({arm_mm:+.1f} mm)"


def _rotation_line(rot: dict[str, Any]) -> str:
    """The action class at 0 and 90 deg flexion, with the model's arms and crossing, labelled as the model's."""
    line = (f"At 0°: {_rotation_class(rot['at_0deg'], rot.get('arm_0deg_mm'))}; "
            f"at 90°: {_rotation_class(rot['at_90deg'], rot.get('arm_90deg_mm'))}")
    if rot.get("crossing_deg") is not None:
        line += f"; the sign changes at about {rot['crossing_deg']:.0f}° of flexion"
    return f"{line} ({IN_THIS_MODEL})."


def _source(source: dict[str, Any]) -> str:
    url = source.get("url")
    return f"{source['citation']} [{url}]({url})" if url else str(source["citation"])


@lru_cache(maxsize=64)
def card_html(part_id: str) -> str:
    """Sanitised HTML of :func:`card_markdown` (cached: one string per part and process)."""
    return markdown_html(card_markdown(part_id))


def render_all_cards() -> int:
    """Render the placeholder and the card of every part into :func:`card_html`'s per-process cache.

    Meant for the server's warm-up, before the first visitor and off the event loop: a later
    :func:`card_html` call returns the cached string without rendering Markdown again. Never
    raises for a broken card file (its notice is cached like a card).

    Returns
    -------
    int
        How many cards are cached (the placeholder and the 18 parts: 19).

    """
    parts = ("", *ids.part_ids())
    for part_id in parts:
        card_html(part_id)
    return len(parts)
