"""The words of the offline page: the info card of every part and the sources and credits.

The cards are the app's own (:func:`viewer.content.cards.card_markdown`, from the annotation files),
rendered to sanitised HTML the same way (:func:`viewer.content.markdown.markdown_html`), with
one difference: a link to a web address becomes a plain reference (``doi:...``,
:func:`viewer.export.urls.plain_urls`) and the Markdown is rendered ``offline`` (a web link
that is left stays as its text; only ``mailto:`` links are links), so the page links to no
address a browser would load, whatever a card says. The credits name where every number on
the page comes from.
"""

from __future__ import annotations

import html
from typing import Any, Final

from viewer import __version__
from viewer.anatomy import ids
from viewer.content.cards import card_markdown
from viewer.content.markdown import markdown_html
from viewer.export.urls import plain_urls

BUNDLED_LIBRARIES: Final = (
    ("three.js", "0.187.0", "MIT", "Copyright 2010-2026 three.js authors"),
    ("gifenc", "1.0.3", "MIT", "Copyright (c) 2017 Matt DesLauriers"),
)
"""The npm packages inlined into the script (viewer/frontend/package.json ``dependencies``; a test
checks this list against it and the lockfile): name, version, licence, copyright holder."""
PLACEHOLDER: Final = (
    "### Select a muscle part\n\n"
    "Click or tap a fibre in the 3D view, or choose a part in the list above, to see its origin, insertion, "
    "nerve, blood supply, actions, running roles, clinical notes and exercises."
)

KINDS_CREDIT: Final = (
    "Every card section, the legend's source line and the hip readout carry a kind: measured (in cadavers, "
    "as anatomy texts report, or in people: EMG, motion capture), model (computed by the model: moment arms, "
    "fibre lengths) or synthesis (the project's reading of the cited studies: running roles, activation "
    "timing). Each card's 'How sure is this?' list names what its sections rest on; the activation legend "
    "marks each muscle's evidence and hatches the uncertain timing."
)
"""The credits' line on the kind badges (:mod:`viewer.content.cards` ``kinds``, the legend, the readout)."""


def card_html(part_id: str) -> str:
    """Sanitised HTML of the card of ``part_id`` (``""``: the placeholder), sources as plain references.

    The Markdown rendering is cached by text (:func:`~viewer.content.markdown.markdown_html`):
    a second export renders nothing again.
    """
    text = card_markdown(part_id) if part_id else PLACEHOLDER
    return markdown_html(plain_urls(text), offline=True)


def all_cards() -> dict[str, str]:
    """``{"": placeholder, part id: card HTML}`` for the 18 parts, in ``ids.part_ids()`` order."""
    return {"": card_html("")} | {p: card_html(p) for p in ids.part_ids()}


def bones_credit(myo_sim_version: str) -> str:
    """Credit line of the bone geometry (meshes/README.md)."""
    return (f"Bone geometry: MyoSim / MyoLeg (myo_sim {myo_sim_version}, Apache-2.0), derived from the OpenSim "
            "full-body model of Rajagopal et al. 2016 (gait2392 lineage, Delp et al. 1990); smoothed and "
            "decimated for display. Please also cite MyoSuite (Caggiano et al. 2022, arXiv:2205.13600).")


def credits(assets_index: dict[str, Any], motion_sources: dict[str, str], activation_source: str | None,
            myo_sim_version: str) -> list[tuple[str, str]]:
    """The page's sources and credits as ``(what, text)`` pairs, plain text.

    Parameters
    ----------
    assets_index : dict
        Index of the assets payload (its ``sources``).
    motion_sources : dict
        Motion label -> source line, for the motions in the page.
    activation_source : str or None
        Source of the running activation timing, when running is in the page.
    myo_sim_version : str
        Version of the package the bones and the model come from.

    """
    sources = assets_index.get("sources", {})
    out = [
        ("Model, fibre paths, moment arms and fibre lengths", str(sources.get("model", ""))),
        ("Bones", bones_credit(myo_sim_version)),
    ]
    by_source: dict[str, list[str]] = {}
    for label, source in motion_sources.items():
        by_source.setdefault(source, []).append(label)
    for source, labels in by_source.items():
        out.append((f"Joint angles: {', '.join(labels)}", source))
    if activation_source:
        out.append(("Running activation timing (activation colours and words)", activation_source))
    out += [
        ("Sentences under the view", "Generated per frame from the model's joint angles and fibre lengths above"
         + (" and, for running, the activation timing." if activation_source else ".")),
        ("Info cards", "Authored teaching content; each card lists its own sources."),
        ("How sure is this?", KINDS_CREDIT),
        ("Libraries in this file", "; ".join(f"{name} {ver} ({lic} licence, {holder})"
                                             for name, ver, lic, holder in BUNDLED_LIBRARIES)
         + ". Their licence notices are at the end of the script (THIRD_PARTY_NOTICES.md of glute-viewer)."),
        ("This page", f"Exported by glute-viewer {__version__} (Apache-2.0). It needs no server and no network."),
    ]
    return [(what, plain_urls(text)) for what, text in out if text]


def credits_html(items: list[tuple[str, str]]) -> str:
    """The credits as an escaped HTML list."""
    rows = "".join(f"<li><strong>{html.escape(what)}.</strong> {html.escape(text)}</li>" for what, text in items)
    return f"<ul>{rows}</ul>"
