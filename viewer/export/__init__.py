"""One-file offline export: a self-contained HTML page that runs from ``file://`` with no network.

The page runs the same viewer code as the app (``viewer/frontend/src/index.js`` through
``standalone.js`` and a ``LocalModel`` instead of Panel's model), with the app's payloads
embedded as base64 text, the info cards as sanitised HTML and small plain-HTML controls.
It draws, animates, toggles layers, selects parts and shows their cards, and switches between
the motions it holds, without a server and without fetching anything.

- :func:`export_html` writes the file (``glute-viewer export OUT.html``);
- :func:`export_html_string` returns the page (e.g. for a "Download for offline" button).

Modules: :mod:`~viewer.export.options` (validated choices), :mod:`~viewer.export.content`
(payloads, narration, initial state), :mod:`~viewer.export.cards` (cards and credits),
:mod:`~viewer.export.html` (the page), :mod:`~viewer.export.urls` (no external address).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from viewer.export.options import ALL_MOTIONS, DEFAULT_TITLE, MOTION_SETS, ExportError, ExportOptions

__all__ = ["ALL_MOTIONS", "MOTION_SETS", "ExportError", "ExportOptions", "export_html", "export_html_string"]


def export_html_string(
    motion: str | None = None,
    *,
    motions: str | Iterable[str] | None = None,
    flexion: float = 0.0,
    select: str = "",
    color: str = "anatomical",
    axis: str = "rotation",
    layers: str | Iterable[str] | None = None,
    view: str = "",
    title: str | None = None,
    playing: bool = True,
    side: str = "r",
) -> str:
    """The offline page as a string (see :class:`~viewer.export.options.ExportOptions` for the options).

    Parameters
    ----------
    motion : str, optional
        Motion shown first (always included); default abduction, or the first of ``motions``.
    motions : str or iterable of str, optional
        Motions the page holds: names, ``all`` (default) or ``offered`` (no exercises).
    flexion : float
        Hip flexion (degrees) of the rotation shown first.
    select : str
        Part selected at start, or ``""``.
    color, axis : str
        Fibre colour mode and the hip axis of the action mode.
    layers : str or iterable of str, optional
        Layers drawn at start (default all).
    view : str
        Camera preset at start (``anterior`` ...), ``""`` for the default.
    title : str, optional
        Page title.
    playing : bool
        Start playing.
    side : {"r", "l"}
        The leg every sweep of the page moves; the other stays in neutral.

    Returns
    -------
    str
        The HTML page (UTF-8 text).

    Raises
    ------
    ExportError
        For a bad option (one line naming the valid choices).
    FileNotFoundError
        If the standalone bundle has not been built.

    """
    from viewer.export.content import collect
    from viewer.export.html import render_page

    options = ExportOptions(
        motion=motion, flexion=flexion, motions=None if motions is None else _seq(motions), select=select,
        color=color, axis=axis, layers=None if layers is None else _seq(layers), view=view,
        title=title or DEFAULT_TITLE, playing=playing, side=side,
    ).check()
    return render_page(collect(options))


def export_html(path: str | Path | None, motion: str | None = None, **options: object) -> str | Path:
    """Write the offline page to ``path`` (or return it as a string when ``path`` is ``None``).

    Parameters
    ----------
    path : str, Path or None
        Output file (``.html`` or ``.htm``; its folder must exist), or ``None``.
    motion : str, optional
        Motion shown first (default abduction, or the first of ``motions``).
    **options
        The keyword options of :func:`export_html_string`.

    Returns
    -------
    Path or str
        The file written, or the page when ``path`` is ``None``.

    Raises
    ------
    ExportError
        For a bad option or output path.

    """
    out = None if path is None else Path(path)
    if out is not None:
        if out.suffix.lower() not in (".html", ".htm"):
            raise ExportError(f"unknown output format {out.suffix or '(no extension)'!r} of {str(out)!r}; "
                              "expected one of: .html, .htm")
        if not out.parent.is_dir():
            raise ExportError(f"folder {str(out.parent)!r} of the output does not exist")
    page = export_html_string(motion, **options)  # type: ignore[arg-type]
    if out is None:
        return page
    from viewer.export.html import write_page

    return write_page(page, out)


def _seq(value: str | Iterable[str]) -> str | tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value)
