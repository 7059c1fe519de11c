"""How big each muscle and part is, published and as drawn: ``glute-viewer muscles``.

At the neutral pose (every joint at zero), for each muscle and side: the published volume
scaled to the model's subject and its share per part (:func:`viewer.anatomy.muscle_sizes.muscle_size`),
and the closed volume of the solid muscles the viewer draws
(:func:`viewer.anatomy.muscle_volumes.part_volumes_at`), from the same tables the browser draws.
The drawn thickness is scaled muscle by muscle to the published volume, so a muscle's drawn total
follows its published one, while its parts' drawn volumes follow the shape of the fan.
"""

from __future__ import annotations

from typing import Any, Final

from viewer.anatomy import ids

UNITS: Final = "cm3"
POSE: Final = "neutral"
DECIMALS: Final = 1
"""Cubic-centimetre decimals in the report."""
DRAWN_SOURCE: Final = ("closed volume of each part's solid as the viewer draws it at the neutral pose "
                       "(viewer.anatomy.muscle_volumes: the fibre sheet of the model thickened away from the bone, "
                       "its thickness scaled per muscle and side to published_cm3); fibre paths and bones from {model}")


def muscle_report() -> dict[str, Any]:
    """Published and drawn volumes of every muscle and part at the neutral pose.

    Returns
    -------
    dict
        ``{"units": "cm3", "pose": "neutral", "muscles": {muscle: {"side": {side: {"published_cm3",
        "drawn_cm3", "drawn_vs_published_pct", "parts": {part: {"share_cm3", "drawn_cm3"}}}}}},
        "sources": {"published_cm3", "share_cm3", "drawn_cm3"}}``; sides ``r`` then ``l``, parts in
        the order of :func:`viewer.anatomy.ids.part_ids`. docs/reference/cli.md describes every key.

    """
    from viewer.anatomy.model import model_source
    from viewer.anatomy.muscle_sizes import SPLIT_SOURCE, muscle_size
    from viewer.anatomy.muscle_volumes import part_volumes_at, volume_tables
    from viewer.anatomy.scene import neutral_arrays

    neutral = neutral_arrays()
    drawn = part_volumes_at(volume_tables(), neutral["fibre_points"][0].astype(float),
                            neutral["bone_transforms"][0].astype(float))
    muscles: dict[str, Any] = {}
    published_sources = []
    for code in ids.MUSCLE_CODES:
        sides = {}
        for side in ids.SIDES:
            size = muscle_size(code, side)
            total = sum(drawn[p] for p in size.parts_cm3)
            sides[side] = {
                "published_cm3": _round(size.volume_cm3),
                "drawn_cm3": _round(total),
                "drawn_vs_published_pct": _round(100.0 * (total / size.volume_cm3 - 1.0)),
                "parts": {p: {"share_cm3": _round(share), "drawn_cm3": _round(drawn[p])}
                          for p, share in size.parts_cm3.items()},
            }
            if size.source not in published_sources:
                published_sources.append(size.source)
        muscles[ids.MUSCLE_NAMES[code]] = {"side": sides}
    return {
        "units": UNITS,
        "pose": POSE,
        "muscles": muscles,
        "sources": {
            "published_cm3": " | ".join(published_sources),
            "share_cm3": f"share of published_cm3, {SPLIT_SOURCE}",
            "drawn_cm3": DRAWN_SOURCE.format(model=model_source()),
        },
    }


def report_lines(report: dict[str, Any]) -> list[str]:
    """The text form of :func:`muscle_report`: one row per muscle and side, one per part, then the sources."""
    head = f"{'muscle / part':22s} {'side':4s} {'published':>10s} {'drawn':>9s} {'drawn/pub':>9s}"
    lines = [f"Muscle volumes at the {report['pose']} pose, {report['units']} (parts: published share)", head]
    for muscle, entry in report["muscles"].items():
        for side, row in entry["side"].items():
            lines.append(f"{muscle:22s} {side:4s} {row['published_cm3']:10.1f} {row['drawn_cm3']:9.1f} "
                         f"{row['drawn_vs_published_pct']:+8.1f}%")
            for part, values in row["parts"].items():
                share, value = values["share_cm3"], values["drawn_cm3"]
                lines.append(f"  {part:20s} {side:4s} {share:10.1f} {value:9.1f} {100.0 * (value / share - 1):+8.1f}%")
    lines.append("Sources:")
    lines.extend(f"  {key}: {text}" for key, text in report["sources"].items())
    return lines


def _round(value: float) -> float:
    return round(float(value), DECIMALS)
