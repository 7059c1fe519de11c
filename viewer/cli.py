"""The ``glute-viewer`` command line: a stable contract in millimetres and degrees.

Commands
--------
parts       list the 18 muscle parts and their fibre ids
momentarms  moment arm and length of a part's bundle (or one fibre) over a sweep
muscles     each muscle's and part's volume at the neutral pose: published and as drawn (cm3)
motion      joint angles, events and phases of a motion
picture     render bones and fibres to PNG off-screen (pyvista)
render      a PNG, GIF or MP4 of one motion off-screen (pyvista, Pillow, imageio-ffmpeg)
export      one self-contained HTML file that works offline (file://, no server, no network)
serve       start the web app (see ``glute-viewer serve --help``)

Exit status
-----------
0    done
2    a bad argument or an output that cannot be written, reported as one line on stderr
     (``glute-viewer export: error: cannot write out.html: No space left on device``), no traceback:

     - an unknown part, coordinate, fibre, motion, view, layer, colour mode or output format
       (the line names the valid choices);
     - a number out of range: sizes, frame counts, frame rates, sweeps, angles (the line names
       the option, the value and the range), checked before any work;
     - an output that is a folder, a device (``/dev/full``, ``/dev/null``), a named pipe or a
       socket (refused before any work), or any failure to write it: a full disk, a file-size
       limit, a read-only file system, a missing folder, a name too long, no permission, or a
       failing standard output.
141  standard output was closed by its reader (``glute-viewer parts | head -1``): the rest of the
     output is dropped quietly, and the status is the one a shell reports for a process ended by
     SIGPIPE (128 + 13), following the "Note on SIGPIPE" of Python's :mod:`signal` docs.

Files are written whole or not at all (:mod:`viewer.atomic_write`): a failed ``export``,
``render`` or ``picture`` leaves no partial file, and an existing file keeps its old bytes.
SIGXFSZ is ignored, so a file-size limit (``ulimit -f``) is reported as ``File too large``
instead of killing the process.

This module holds the parser and the command handlers; how the command ends and writes to
standard output is :mod:`viewer.cli_exit`, the checks of a ``momentarms`` sweep
:mod:`viewer.sweep_options`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import numpy as np

from viewer import vocab
from viewer.anatomy import ids
from viewer.atomic_write import check_target
from viewer.cli_exit import BROKEN_PIPE, STDOUT, USAGE_ERROR, report_usage_error, run_guarded
from viewer.errors import UsageError
from viewer.sweep_options import DEFAULT_SWEEPS, MAX_SAMPLES, check_angle, hip_limits, sweep_angles

__all__ = ["BROKEN_PIPE", "DEFAULT_SWEEPS", "MAX_SAMPLES", "STDOUT", "USAGE_ERROR", "CliError", "build_parser", "main"]

CliError = UsageError
"""A bad argument: printed as one line, exit code 2 (:class:`viewer.errors.UsageError`)."""


def _parts(args: argparse.Namespace) -> dict | list:
    from viewer.anatomy.fibres import fibre_layout

    layout = fibre_layout()
    rows = []
    for part in ids.part_ids():
        _, _, side = ids.parse_part(part)
        rows.append({"id": part, "muscle": ids.muscle_of(part), "layer": ids.layer_of(part), "side": side,
                     "fibres": [f.id for f in layout if f.part == part]})
    if not args.json:
        for r in rows:
            print(f"{r['id']:10s} {r['muscle']:20s} {r['side']}  {len(r['fibres'])} fibres")
    return rows


def _muscles(args: argparse.Namespace) -> dict:
    from viewer.content.muscle_report import muscle_report, report_lines

    out = muscle_report()
    if not args.json:
        print("\n".join(report_lines(out)))
    return out


def _momentarms(args: argparse.Namespace) -> dict:
    from viewer.anatomy.fibres import fibre_model
    from viewer.anatomy.mechanics import sweep
    from viewer.anatomy.model import model_source

    try:
        ids.check_part(args.part)
        ids.check_choice(args.coordinate, ids.HIP_COORDINATES, "coordinate")
    except ids.UnknownIdError as exc:
        raise CliError(str(exc)) from None
    model = fibre_model()
    if args.fibre is not None:
        valid = [f for f in model.fibre_ids if f.startswith(args.part + "/")]
        if args.fibre not in valid:
            raise CliError(f"unknown fibre {args.fibre!r} for part {args.part}; expected one of: {', '.join(valid)}")
        tendon = ids.fibre_tendon(args.fibre)
    else:
        tendon = ids.bundle_tendon(args.part)
    side = ids.parse_part(args.part)[2]
    fixed_deg = {c: getattr(args, c) for c in ids.HIP_COORDINATES if c != args.coordinate}
    for c, v in fixed_deg.items():
        if not np.isfinite(v):
            raise CliError(f"--{c} must be a finite number of degrees, got {v}")
        check_angle(f"--{c}", v, c, hip_limits(model, c, side))
    angles = sweep_angles(args, hip_limits(model, args.coordinate, side))
    arms, lengths = sweep(model, tendon, args.coordinate, np.radians(angles),
                          {c: np.radians(v) for c, v in fixed_deg.items()})
    out = {
        "part": args.part,
        "coordinate": args.coordinate,
        "fixed": fixed_deg,
        "angle_deg": [round(float(a), 6) for a in angles],
        "moment_arm_mm": [round(float(v) * 1000, 4) for v in arms],
        "length_mm": [round(float(v) * 1000, 4) for v in lengths],
    }
    if args.fibre is not None:
        out["fibre"] = args.fibre
    out["source"] = model_source()
    if not args.json:
        print(f"{args.part} {args.fibre or '(model bundle)'}: {args.coordinate} moment arm, fixed {fixed_deg}")
        for a, m, length in zip(out["angle_deg"], out["moment_arm_mm"], out["length_mm"], strict=False):
            print(f"{a:8.1f} deg  {m:8.2f} mm  length {length:7.2f} mm")
    return out


def _side(args: argparse.Namespace) -> str:
    """The checked ``--side`` (for every motion, though only the sweeps use it)."""
    try:
        return ids.check_choice(args.side, ids.SIDES, "side")
    except ids.UnknownIdError as exc:
        raise CliError(f"--side: {exc}") from None


def _add_side(p: argparse.ArgumentParser) -> None:
    p.add_argument("--side", default="r",
                   help="leg the sweeps move: r (default) or l; the other stays in neutral (ignored by other motions)")


def _motion(args: argparse.Namespace) -> dict:
    from viewer.anatomy import motions
    from viewer.anatomy.yamlio import AnnotationError

    try:
        motions.check_flexion(args.flexion)  # for every motion, though only the rotation uses it
    except ValueError as exc:
        raise CliError(f"--flexion: {exc}") from None
    side = _side(args)
    try:
        motion = motions.make_motion(args.name, flexion_deg=args.flexion, side=side)
    except (ids.UnknownIdError, AnnotationError) as exc:
        raise CliError(str(exc)) from None
    except ValueError as exc:
        raise CliError(f"--flexion: {exc}") from None
    out = {
        "name": motion.name,
        "label": motion.label,
        "phase": motion.phase_list(),
        "joints": motion.joints_deg(),
        "events": motion.events,
        "phases": [{"id": p.id, "name": p.name, "start": p.start, "end": p.end} for p in motion.phases],
        "params": motion.params,
        "source": motion.source,
    }
    if not args.json:
        print(f"{motion.label}: {motion.frames} frames; joints {', '.join(out['joints'])}")
        for p in out["phases"]:
            print(f"  {p['name']:14s} {p['start'] * 100:5.1f} - {p['end'] * 100:5.1f} %")
    return out


def _paths(args: argparse.Namespace) -> dict:
    from viewer.anatomy import motions
    from viewer.content.drawn_paths import drawn_paths

    try:
        motions.check_flexion(args.flexion)
    except ValueError as exc:
        raise CliError(f"--flexion: {exc}") from None
    side = _side(args)
    try:
        out = drawn_paths(args.motion, flexion_deg=args.flexion, parts=args.part, side=side)
    except ids.UnknownIdError as exc:
        raise CliError(str(exc)) from None
    if not args.json:
        frames, fibres = len(out["phase"]), len(out["fibres"])
        print(f"{out['motion']} (flexion {out['flexion_deg']:g} deg): {frames} frames, {fibres} fibres of "
              f"{out['points_per_fibre']} points, {out['units']} in the {out['frame']} frame; --json prints them")
    return out


def _picture(args: argparse.Namespace) -> dict:
    from viewer.picture import render_neutral
    from viewer.render import RenderError

    try:
        with _quiet_vtk():
            paths = render_neutral(args.out_dir, size=(args.width, args.height))
    except RenderError as exc:
        raise CliError(str(exc)) from None
    for p in paths:
        print(p)
    return {"files": [str(p) for p in paths]}


def _render(args: argparse.Namespace) -> dict:
    from viewer.render import RenderError, RenderRequest, render

    layers = None if args.layers is None else tuple(x.strip() for x in args.layers.split(",") if x.strip())
    out = args.out if args.out is not None else f"{args.motion}_{args.view}.png"
    check_target(out)
    request = RenderRequest(out=out, motion=args.motion, flexion_deg=args.flexion, side=args.side, frames=args.frames,
                            view=args.view, frame=args.frame, phase=args.phase, size=(args.width, args.height),
                            fps=args.fps, transparent=args.transparent, select=args.select, layers=layers,
                            display=args.display)
    try:
        request.check()
        with _quiet_vtk():
            result = render(request)
    except RenderError as exc:
        raise CliError(str(exc)) from None
    if not args.json:
        rate = f", {result.fps:g} fps" if result.fps else ""
        print(f"{result.path}: {result.frames} frame{'s' * (result.frames != 1)}, {result.size[0]}x{result.size[1]}"
              f"{rate}, {result.bytes / 1024:.0f} KiB in {result.seconds:.1f} s")
    return result.as_dict()


class _quiet_vtk:
    """Hide VTK's warnings (e.g. the harmless 'bad X server connection' before EGL) but keep its errors."""

    def __enter__(self):
        try:
            from vtkmodules.vtkCommonCore import vtkLogger
        except ImportError:
            self._logger = None
            return self
        self._logger, self._level = vtkLogger, vtkLogger.GetCurrentVerbosityCutoff()
        vtkLogger.SetStderrVerbosity(vtkLogger.VERBOSITY_ERROR)
        return self

    def __exit__(self, *exc):
        if self._logger is not None:
            self._logger.SetStderrVerbosity(self._level)


def _export(args: argparse.Namespace) -> dict:
    from viewer.export import ExportError, ExportOptions, export_html

    values = {"motions": args.motions, "flexion": args.flexion, "side": args.side, "select": args.select or "",
              "color": args.color,
              "axis": args.axis, "layers": args.layers, "view": args.view or "", "title": args.title,
              "playing": not args.paused}
    try:
        options = ExportOptions(motion=args.motion, **{k: v for k, v in values.items() if v is not None}).check()
        check_target(args.out, need_folder=True)
        path = export_html(args.out, args.motion, **values)
    except (ExportError, FileNotFoundError) as exc:  # a bad option or output, or the bundle is not built
        raise CliError(str(exc)) from None
    keys = [c.key for c in options.choices()]
    size = path.stat().st_size
    if not args.json:
        print(f"{path}: {size / 1e6:.2f} MB, {len(keys)} motions ({', '.join(keys)}); "
              "open it in a browser, no server or network needed")
    return {"file": str(path), "bytes": size, "motions": keys, "first": options.initial_key()}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(prog="glute-viewer", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parts", help="list muscle parts and fibre ids")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_parts)

    p = sub.add_parser("muscles", help="muscle and part volumes at the neutral pose: published and drawn (cm3)",
                       description="Print each muscle's and part's volume at the neutral pose, both sides, in cm3: "
                                   "the published volume scaled to the model's subject and its share per part, "
                                   "and the closed volume of the solid muscles the viewer draws, with sources.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_muscles)

    p = sub.add_parser("momentarms", help="moment arm and length over a sweep (mm, deg)")
    p.add_argument("part", help="part id, e.g. glmed1_r")
    p.add_argument("--coordinate", required=True, help="flexion, adduction or rotation")
    for c in ids.HIP_COORDINATES:
        p.add_argument(f"--{c}", type=float, default=0.0, help=f"fixed hip {c} (deg, default 0)")
    p.add_argument("--from", dest="start", type=float, help="first angle of the sweep (deg)")
    p.add_argument("--to", dest="stop", type=float, help="last angle of the sweep (deg)")
    p.add_argument("--step", type=float, help="sweep step (deg)")
    p.add_argument("--fibre", help="a fibre id of PART (default: the model's own bundle)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_momentarms)

    p = sub.add_parser("motion", help="joint angles of a motion (deg)")
    p.add_argument("name", help="abduction, rotation, flexion, running or an exercise (e.g. clamshell)")
    p.add_argument("--flexion", type=float, default=0.0, help="hip flexion for the rotation sweep (deg)")
    _add_side(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_motion)

    p = sub.add_parser("paths", help="the fibre polylines the browser draws, per frame (mm, pelvis frame)",
                       description="Print the fibre polylines the browser draws for a motion, frame by frame, in "
                                   "the pelvis body's frame of the MyoLeg model, in millimetres.")
    p.add_argument("--motion", required=True, help="abduction, rotation, flexion, running or an exercise")
    p.add_argument("--flexion", type=float, default=0.0,
                   help="hip flexion for the rotation sweep (deg; rounded to the app's 5 deg steps)")
    _add_side(p)
    p.add_argument("--part", action="append", help="a part id, e.g. glmed1_r (repeatable; default: every part)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_paths)

    p = sub.add_parser("picture", help="render the neutral pose to PNG (anterior, lateral and posterior)")
    p.add_argument("--out-dir", default="docs", help="folder for the PNG files (default docs)")
    p.add_argument("--width", type=int, default=1200, help=f"pixels, 16 to {vocab.PNG_MAX[0]} (default 1200)")
    p.add_argument("--height", type=int, default=900, help=f"pixels, 16 to {vocab.PNG_MAX[1]} (default 900)")
    p.set_defaults(func=_picture)

    p = sub.add_parser("render", help="a PNG, GIF or MP4 of a motion (off-screen)",
                       description="Render one frame (PNG) or one loop (GIF, MP4) of a motion off-screen.")
    p.add_argument("--motion", default="running", help="abduction, rotation, flexion, running or an exercise")
    p.add_argument("--flexion", type=float, default=0.0, help="hip flexion for the rotation sweep (deg)")
    _add_side(p)
    p.add_argument("--frames", type=int, help="samples per loop (default: the motion's own, e.g. 64 for running)")
    p.add_argument("--view", default="lateral", help=f"camera preset: {', '.join(vocab.VIEWS)} (default lateral)")
    p.add_argument("--frame", type=int, help="PNG: frame index (default 0)")
    p.add_argument("--phase", type=float, help="PNG: phase of the cycle from 0 to 1 (nearest frame)")
    p.add_argument("--out", help="output .png, .gif or .mp4 (default <motion>_<view>.png)")
    p.add_argument("--width", type=int, default=800, help=f"pixels, 16 to {vocab.PNG_MAX[0]} (default 800)")
    p.add_argument("--height", type=int, default=600, help=f"pixels, 16 to {vocab.PNG_MAX[1]} (default 600)")
    p.add_argument("--fps", type=float, default=20.0, help="GIF/MP4 frames per second (default 20)")
    p.add_argument("--transparent", action="store_true", help="PNG only: transparent background")
    p.add_argument("--select", help="highlight one part (e.g. glmed2_r); the other parts are dimmed")
    p.add_argument("--layers", help="comma-separated layers to draw, e.g. gluteus_medius,gluteus_minimus")
    p.add_argument("--display", default=vocab.DEFAULT_DISPLAY,
                   help=f"how the muscles are drawn: {', '.join(vocab.DISPLAY_MODES)} "
                        f"(default {vocab.DEFAULT_DISPLAY}: see-through solid muscles over the fibres; "
                        "muscles: solid only; fibres: lines only)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_render)

    p = sub.add_parser("export", help="one self-contained HTML file that works offline (file://, no network)",
                       description="Write one HTML file holding the 3D viewer, its motions, the info cards and "
                                   "their sources; it works from file:// with no server and no network.")
    p.add_argument("out", help="output .html file")
    p.add_argument("--motion", help="motion shown first: abduction (default), rotation, flexion, running or an "
                   "exercise (e.g. clamshell); always included")
    p.add_argument("--flexion", type=float, default=0.0,
                   help="hip flexion (deg) of the rotation shown first; the rotation at 0, 15, 45 and 90 deg is "
                        "always included")
    p.add_argument("--side", default="r",
                   help="leg every sweep of the page moves: r (default) or l; the other stays in neutral")
    p.add_argument("--motions", help="comma-separated motions to include: names, 'offered' (no exercises) or "
                   "'all' (default)")
    p.add_argument("--select", help="part selected at start, its info card shown (e.g. glmed2_r)")
    p.add_argument("--color", default="anatomical", help="fibre colours at start: anatomical, action, stretch or "
                   "activation")
    p.add_argument("--axis", default="rotation", help="hip axis of the action colours: flexion, adduction or rotation")
    p.add_argument("--layers", help="comma-separated layers drawn at start, e.g. gluteus_medius,gluteus_minimus")
    p.add_argument("--view", help=f"camera at start: {', '.join(vocab.VIEWS)}")
    p.add_argument("--title", help="page title (default 'Gluteal muscles')")
    p.add_argument("--paused", action="store_true", help="start paused")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_export)

    try:
        from viewer.app.serve import add_serve_parser
    except ImportError:
        pass
    else:
        add_serve_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``glute-viewer`` console script.

    Returns
    -------
    int
        The exit status: 0, :data:`~viewer.cli_exit.USAGE_ERROR` (2) or
        :data:`~viewer.cli_exit.BROKEN_PIPE` (141); see the module docstring and :mod:`viewer.cli_exit`.

    """
    return run_guarded(lambda: _run(argv))


def _run(argv: Sequence[str] | None) -> int:
    """Parse ``argv``, run the command, print its JSON; a :class:`CliError` becomes one line and code 2."""
    args = build_parser().parse_args(argv)
    try:
        result = args.func(args)
        if getattr(args, "json", False):
            print(json.dumps(result, indent=None))
        if sys.stdout is not None:
            sys.stdout.flush()
    except CliError as exc:
        return report_usage_error(args.command, exc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
