"""Muscle content cards: load, validate and cross-check ``annotations/muscles/*.yaml``.

One YAML file per layer (``gluteus_maximus.yaml`` ...) holds the muscle-level card
and a card for each of its three parts, keyed by side-free part type (``glmed1``).
Files are validated against ``annotations/schema/muscle.schema.json`` and then
cross-checked in both directions (docs/reference/annotations.md): every muscle has a
file, every file is a known muscle, ids are unique and match the file names, and
each file holds exactly the three parts of its muscle. A file must resolve (symbolic links
followed) inside the muscles folder and be a regular file of at most
:data:`~viewer.anatomy.yamlio.MAX_BYTES`, checked before it is read; the schema caps the
length of every text and the items of every list. Every problem is raised as
:class:`~viewer.anatomy.yamlio.AnnotationError` naming the file, the field and what
was expected, never as a bare traceback.

The project's cards are ``annotations/muscles``; set the environment variable
``GLUTE_VIEWER_ANNOTATIONS`` to another content directory (holding ``muscles/*.yaml``)
to show an edited copy instead, e.g. ``GLUTE_VIEWER_ANNOTATIONS=~/course/annotations
glute-viewer serve``. A broken copy does not stop the app: the card of a part then
shows the error's :attr:`~viewer.anatomy.yamlio.AnnotationError.shown` form (the file's name
relative to the content folder, the field, what was expected; no absolute path, no value from
the file) and the server log gets the full detail.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from viewer.anatomy import ids
from viewer.anatomy.yamlio import (
    ANNOTATIONS_DIR,
    AnnotationError,
    annotations_dir,
    field_path,
    read_yaml,
    shown_name,
    validate,
)

MUSCLES_DIR: Final = ANNOTATIONS_DIR / "muscles"
"""The project's muscle cards (:func:`muscles_dir` may point elsewhere)."""
SCHEMA_NAME: Final = "muscle"
CARD_SUFFIXES: Final = (".yaml", ".yml")
RUNNING_PHASES: Final = (
    "loading",
    "midstance",
    "propulsion",
    "float",
    "early_swing",
    "mid_swing",
    "late_swing",
)
"""Running phase ids used as keys of each part card's ``running`` mapping, in cycle order."""

_CODE_OF_LAYER: Final = {layer: code for code, layer in ids.MUSCLE_NAMES.items()}


def muscle_part_types(layer: str) -> tuple[str, ...]:
    """Return the three side-free part types of a layer.

    Parameters
    ----------
    layer : str
        Layer id such as ``"gluteus_medius"``.

    Returns
    -------
    tuple of str
        ``("glmed1", "glmed2", "glmed3")`` for ``"gluteus_medius"``.

    Raises
    ------
    viewer.anatomy.ids.UnknownIdError
        If ``layer`` is not one of the three layers.

    """
    ids.check_choice(layer, ids.LAYERS, "layer")
    code = _CODE_OF_LAYER[layer]
    return tuple(f"{code}{n}" for n in ids.PART_NUMBERS)


def muscles_dir() -> Path:
    """Return the default cards' directory: ``$GLUTE_VIEWER_ANNOTATIONS/muscles`` or :data:`MUSCLES_DIR`."""
    return annotations_dir() / "muscles"


def card_file_names() -> tuple[str, ...]:
    """Return the file names expected in the muscles directory, one per layer."""
    return tuple(f"{layer}.yaml" for layer in ids.LAYERS)


def load_muscle_card(path: Path | str) -> dict[str, Any]:
    """Read, validate and cross-check one muscle file.

    Parameters
    ----------
    path : Path or str
        A file named after its layer, e.g. ``annotations/muscles/gluteus_medius.yaml``.

    Returns
    -------
    dict
        The parsed card, as in the file.

    Raises
    ------
    AnnotationError
        If the file resolves outside its folder, is not a regular file, is too large, cannot
        be read or parsed, does not match the schema, is not named after a layer, has an
        ``id`` other than its file name, or does not hold exactly the three parts of its muscle.

    """
    path = Path(path)
    layer = path.stem
    if layer not in ids.LAYERS:
        raise AnnotationError(
            path, "", f"expected a file named after a muscle layer: one of {', '.join(card_file_names())}"
        )
    data = read_yaml(path, folder=path.parent)
    # Checked before the schema so that an unknown part type is named with the valid
    # choices for this muscle rather than with the schema's generic pattern.
    _check_part_keys(data, path, layer)
    validate(data, SCHEMA_NAME, path)
    if data["id"] != layer:
        raise AnnotationError(
            path, "id", f"expected {layer!r} to match the file name, found {data['id']!r}",
            shown=f"expected {layer!r} to match the file name",
        )
    missing = [ptype for ptype in muscle_part_types(layer) if ptype not in data["parts"]]
    if missing:
        raise AnnotationError(
            path,
            "parts",
            f"expected a card for each of {', '.join(muscle_part_types(layer))}; "
            f"missing {', '.join(missing)}",
        )
    return data


def load_muscle_cards(directory: Path | str | None = None) -> dict[str, dict[str, Any]]:
    """Load every muscle card, validated and cross-checked, keyed by layer id.

    Parameters
    ----------
    directory : Path or str, optional
        Directory holding ``gluteus_maximus.yaml``, ``gluteus_medius.yaml`` and
        ``gluteus_minimus.yaml``. Defaults to :func:`muscles_dir` (the project's
        ``annotations/muscles`` unless ``GLUTE_VIEWER_ANNOTATIONS`` is set), whose result
        is cached (a deep copy is returned, so callers may mutate it).

    Returns
    -------
    dict
        ``{layer id: card}`` in the order of :data:`viewer.anatomy.ids.LAYERS`.

    Raises
    ------
    AnnotationError
        If the directory is missing, a muscle file is missing, a file is not named after
        a muscle, two files share an id, or any file fails :func:`load_muscle_card`.

    """
    if directory is None:
        return copy.deepcopy(_default_cards())
    return _load_directory(Path(directory))


def part_card(part_id: str, *, directory: Path | str | None = None) -> dict[str, Any]:
    """Return the card for one sided part, merged with the muscle-level fields the UI shows.

    Parameters
    ----------
    part_id : str
        A sided part id such as ``"glmed1_r"``.
    directory : Path or str, optional
        Muscles directory to read instead of :func:`muscles_dir` (not cached).

    Returns
    -------
    dict
        The part card's fields (``name``, ``origin``, ``insertion``, ``actions``,
        ``rotation_with_flexion``, ``running``, ``clinical``, ``exercises``) plus
        ``id``, ``part_type``, ``side``, ``layer``, ``muscle`` (sided muscle id),
        ``muscle_name``, ``muscle_summary``, ``muscle_actions``, ``innervation``,
        ``blood_supply``, ``provenance`` and ``sources`` (the part's sources first, then
        the muscle's, without duplicates). A fresh copy on every call.

    Raises
    ------
    viewer.anatomy.ids.UnknownIdError
        If ``part_id`` is not one of the 18 sided parts.
    AnnotationError
        If the muscle files are malformed.

    """
    code, number, side = ids.parse_part(part_id)
    layer = ids.MUSCLE_NAMES[code]
    ptype = f"{code}{number}"
    cards = _default_cards() if directory is None else _load_directory(Path(directory))
    muscle = cards[layer]
    part = copy.deepcopy(muscle["parts"][ptype])
    merged: dict[str, Any] = {
        "id": part_id,
        "part_type": ptype,
        "side": side,
        "layer": layer,
        "muscle": ids.muscle_of(part_id),
    }
    merged.update(part)
    merged.update(
        muscle_name=muscle["name"],
        muscle_summary=muscle["summary"],
        muscle_actions=list(muscle["actions"]),
        innervation=copy.deepcopy(muscle["innervation"]),
        blood_supply=list(muscle["blood_supply"]),
        provenance=muscle["provenance"],
        sources=merge_sources(part["sources"], muscle["sources"]),
    )
    return merged


def merge_sources(*lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Concatenate source lists, keeping the first entry for each citation.

    Parameters
    ----------
    *lists : list of dict
        Lists of ``{citation, url?}`` entries.

    Returns
    -------
    list of dict
        Copies of the entries, in order, one per distinct citation.

    """
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for sources in lists:
        for source in sources:
            key = " ".join(str(source["citation"]).split()).casefold()
            if key not in seen:
                seen.add(key)
                out.append(dict(source))
    return out


def clear_cache() -> None:
    """Forget the cached default cards, so the next call re-reads the files."""
    _cached_directory.cache_clear()


def _default_cards() -> dict[str, dict[str, Any]]:
    """Load the default cards (:func:`muscles_dir`) once per process and directory."""
    return _cached_directory(muscles_dir())


@lru_cache(maxsize=2)
def _cached_directory(directory: Path) -> dict[str, dict[str, Any]]:
    return _load_directory(directory)


def _load_directory(directory: Path) -> dict[str, dict[str, Any]]:
    """Load and cross-check all muscle files in ``directory``."""
    expected_files = ", ".join(card_file_names())
    try:  # links and special files are listed too: read_yaml refuses them with a reason
        files = sorted(
            p for p in directory.iterdir() if p.suffix in CARD_SUFFIXES and (p.is_symlink() or not p.is_dir())
        )
    except FileNotFoundError:
        raise AnnotationError(
            directory, "", f"expected a directory holding {expected_files} (not found)",
            shown=f"expected a directory holding {expected_files} (it does not exist)",
        ) from None
    except NotADirectoryError:
        raise AnnotationError(
            directory, "", f"expected a directory holding {expected_files} (found a file)",
            shown=f"expected a directory holding {expected_files}, not a file",
        ) from None
    except OSError as exc:
        raise AnnotationError(directory, "", f"expected a readable directory ({exc.strerror})") from None

    for path in files:
        if path.stem not in ids.LAYERS:
            raise AnnotationError(
                path, "", f"expected a file named after a muscle layer: one of {expected_files}"
            )
    present = {p.stem for p in files}
    for layer in ids.LAYERS:
        if layer not in present:
            raise AnnotationError(
                directory / f"{layer}.yaml",
                "",
                f"expected this file to exist: every muscle needs a card ({expected_files})",
            )

    cards: dict[str, dict[str, Any]] = {}
    origin: dict[str, Path] = {}
    for path in files:
        card = load_muscle_card(path)
        card_id = card["id"]
        if card_id in origin:
            raise AnnotationError(
                path, "id", f"expected a unique id; {card_id!r} is also the id of {origin[card_id]}",
                shown=f"expected a unique id; it is also the id of {shown_name(origin[card_id])}",
            )
        origin[card_id] = path
        cards[card_id] = card
    return {layer: cards[layer] for layer in ids.LAYERS}


def _check_part_keys(data: Any, path: Path, layer: str) -> None:
    """Refuse part keys that are not part types of ``layer``, naming the valid ones."""
    if not isinstance(data, dict) or not isinstance(data.get("parts"), dict):
        return  # the schema reports the wrong type
    valid = muscle_part_types(layer)
    for key in data["parts"]:
        if key not in valid:
            raise AnnotationError(
                path,
                field_path(["parts", str(key)]),
                f"expected a part type of {layer}: one of {', '.join(valid)}; found {key!r}",
            )
