"""Minimal URL parameters: ``?motion=rotation&flexion=45&select=glmed1_r&play=0&view=lateral``.

Each value goes through the same named action as a click would, so an unknown
motion or part id is refused with a visible message and the session carries on
with its defaults. Full two-way URL state is a later step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from viewer.app.actions import Actions

QUERY_KEYS: Final = ("motion", "flexion", "select", "play", "view")
FALSE_WORDS: Final = ("0", "false", "no", "off")
TRUE_WORDS: Final = ("1", "true", "yes", "on")


def query_values(args: Mapping[str, Sequence[bytes | str]] | None) -> dict[str, str]:
    """Return the last value of each known key, decoded (``pn.state.session_args`` gives bytes)."""
    out: dict[str, str] = {}
    for key in QUERY_KEYS:
        values = (args or {}).get(key) or []
        if values:
            value = values[-1]
            out[key] = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return out


def apply_query(actions: Actions, args: Mapping[str, Sequence[bytes | str]] | None) -> list[str]:
    """Apply URL parameters through the named actions.

    Parameters
    ----------
    actions : Actions
        The session's actions.
    args : mapping of str to list of bytes or str
        Query arguments, as in ``pn.state.session_args``.

    Returns
    -------
    list of str
        The refusal messages (also joined into ``state.message``, so all stay visible).

    """
    values = query_values(args)
    problems: list[str] = []

    def run(ok: bool) -> None:
        if not ok:
            problems.append(actions.state.message)

    if "motion" in values:
        run(actions.set_motion(values["motion"], values.get("flexion")))
    elif "flexion" in values:
        run(actions.set_flexion(values["flexion"]))
    if "select" in values:
        run(actions.select(values["select"]))
    if "play" in values:
        word = values["play"].strip().lower()
        if word in FALSE_WORDS + TRUE_WORDS:
            actions.state.playing = word in TRUE_WORDS
        else:
            run(actions.refuse(f"URL parameter play={values['play']!r}; expected 1 or 0"))
    if "view" in values:
        run(actions.set_view(values["view"]))
    if problems:
        actions.state.message = " ".join(f"URL: {p}" for p in problems)
    return problems
