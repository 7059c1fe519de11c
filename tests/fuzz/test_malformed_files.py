"""Malformed annotation, motion and manifest files: every loader answers with the project's error.

Each case copies a shipped file (or the muscles directory) into ``tmp_path`` and breaks it by one
mutation: wrong types, missing fields, unknown ids, huge numbers, NaN and infinity, non-UTF-8
bytes, 10,000 nested lists, recursive or exploding aliases, empty files, duplicate keys, a
directory in place of the file, binary garbage, truncation, non-text keys, impossible dates.
The loader must raise :class:`~viewer.anatomy.yamlio.AnnotationError` (``ManifestError`` for the
mesh manifest) whose message names the file, the field and what was expected, on one line and
without a traceback; never a bare ``KeyError``, ``TypeError``, ``RecursionError`` or
``UnicodeDecodeError``. Random choices (garbage bytes, where to cut or corrupt, which text
field to retype) come from one seeded generator, so a failing case is reproduced by its id.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from viewer.anatomy import activation, annotations, exercises, gait, meshes
from viewer.anatomy.yamlio import MAX_BYTES, AnnotationError, field_path

SEED = 20_260_606
MUSCLE_FILE = "gluteus_medius.yaml"
LINE = re.compile(r"line \d+, column \d+")
"""Field of a YAML syntax problem."""


# ----------------------------------------------------------------------------- mutations


def edit(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    """A mutation that parses the file, applies ``change`` to the data and writes it back as YAML."""

    def mutate(path: Path) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    return mutate


def rewrite(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """A mutation of the file's bytes."""

    def mutate(path: Path) -> None:
        path.write_bytes(change(path.read_bytes()))

    return mutate


def set_at(keys: list[Any], value: Any) -> Callable[[Path], None]:
    """A mutation setting the value at a key path."""

    def change(data: dict[str, Any]) -> None:
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return edit(change)


def delete_at(keys: list[Any]) -> Callable[[Path], None]:
    """A mutation deleting the value at a key path."""

    def change(data: dict[str, Any]) -> None:
        node = data
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]

    return edit(change)


def rename_key(keys: list[Any], new: str) -> Callable[[Path], None]:
    """A mutation renaming the mapping key at a key path (its value kept)."""

    def change(data: dict[str, Any]) -> None:
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[new] = node.pop(keys[-1])

    return edit(change)


def empty(path: Path) -> None:
    path.write_bytes(b"")


def blank(path: Path) -> None:
    path.write_bytes(b"   \n\n# only a comment\n")


def directory_instead(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside.yaml").write_text("id: x\n", encoding="utf-8")


def binary_garbage(seed: int) -> Callable[[Path], None]:
    """Random bytes (with a NUL and an invalid UTF-8 lead byte, so never text)."""

    def mutate(path: Path) -> None:
        rng = random.Random(seed)
        path.write_bytes(b"\x00\xff" + bytes(rng.randrange(256) for _ in range(4096)))

    return mutate


def non_utf8(seed: int) -> Callable[[Path], None]:
    """Insert bytes that are not UTF-8 at a random line start."""

    def change(raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        at = random.Random(seed).randrange(1, len(lines) - 1)
        lines.insert(at, b"note: caf\xe9 \xff\xfe")
        return b"\n".join(lines)

    return rewrite(change)


def truncated(seed: int) -> Callable[[Path], None]:
    """Cut the file at a random point in its first half (inside a line, leaving a broken document)."""

    def change(raw: bytes) -> bytes:
        cut = random.Random(seed).randrange(len(raw) // 8, len(raw) // 2)
        return raw[:cut] + b"\n  - [unclosed: {\n"

    return rewrite(change)


def appended(text: str) -> Callable[[Path], None]:
    """Append YAML text at the end of the file (a new top-level key)."""

    def change(raw: bytes) -> bytes:
        return raw.rstrip(b"\n") + b"\n" + text.encode("utf-8")

    return rewrite(change)


def prepended(text: str) -> Callable[[Path], None]:
    def change(raw: bytes) -> bytes:
        return text.encode("utf-8") + raw

    return rewrite(change)


DEEP_LISTS = "deep: " + "[" * 10_000 + "]" * 10_000 + "\n"
DEEP_BLOCK = "deep:\n" + "".join(" " * (2 * i + 2) + "- x:\n" for i in range(200))
ALIAS_BOMB = "bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"bomb{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 10)}]\n" for i in range(1, 7)
)


def duplicate_first_key(raw: bytes) -> bytes:
    """Repeat the first top-level ``key: value`` line at the end."""
    lines = raw.decode("utf-8").splitlines()
    first = next(line for line in lines if re.match(r"^[a-z_]+: \S", line))
    return ("\n".join(lines) + "\n" + first + "\n").encode("utf-8")


def string_leaves(data: Any, trail: list[Any]) -> list[list[Any]]:
    """Key paths of every string value in ``data``."""
    if isinstance(data, str):
        return [trail]
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in string_leaves(v, [*trail, k])]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in string_leaves(v, [*trail, i])]
    return []


def retype_random_text(source: Path, seed: int) -> tuple[Callable[[Path], None], str]:
    """A mutation giving a random text field (chosen from ``source``) a list value, and that field's path."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    keys = random.Random(seed).choice(string_leaves(data, []))
    return set_at(keys, [1, 2]), field_path(keys)


# ----------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One malformed file.

    Attributes
    ----------
    id : str
        Test id.
    kind : str
        ``muscles`` (directory loader), ``part_card``, ``activation``, ``exercises``, ``running``
        or ``manifest``.
    mutate : callable
        Breaks the copied file (for muscles: ``gluteus_medius.yaml`` in the copied directory).
    field : str or re.Pattern, optional
        The field the error must name (exact, or a pattern matching it whole); ``None``: any.
    file : str, optional
        Name of the file the error must name, when not the mutated file.

    """

    id: str
    kind: str
    mutate: Callable[[Path], None]
    field: str | re.Pattern[str] | None = None
    file: str | None = None


SOURCES = {
    "muscles": annotations.MUSCLES_DIR / MUSCLE_FILE,
    "part_card": annotations.MUSCLES_DIR / MUSCLE_FILE,
    "activation": activation.DEFAULT_YAML,
    "exercises": exercises.DEFAULT_YAML,
    "running": gait.DEFAULT_YAML,
    "manifest": meshes.MANIFEST_PATH,
}


def _cases() -> list[Case]:
    seeds = random.Random(SEED)

    def seed() -> int:
        return seeds.randrange(2**32)

    cases: list[Case] = []
    for kind in ("muscles", "activation", "exercises", "running", "manifest"):
        # the same ten textual mutations for every loader
        cases += [
            Case(f"{kind}-empty", kind, empty, ""),
            Case(f"{kind}-blank", kind, blank, ""),
            Case(f"{kind}-non-utf8", kind, non_utf8(seed()), ""),
            Case(f"{kind}-binary-garbage", kind, binary_garbage(seed()), ""),
            Case(f"{kind}-directory", kind, directory_instead, "" if kind != "muscles" else ""),
            Case(f"{kind}-deep-lists", kind, appended(DEEP_LISTS), LINE),
            Case(f"{kind}-duplicate-key", kind, rewrite(duplicate_first_key), LINE),
            Case(f"{kind}-truncated", kind, truncated(seed()), LINE),
            Case(f"{kind}-top-level-list", kind, rewrite(lambda raw: b"- " + raw.replace(b"\n", b"\n  ")), None),
            Case(f"{kind}-impossible-date", kind, prepended("when: 2024-13-45\n"), LINE),
        ]
    source = SOURCES["muscles"]
    retype, retyped = retype_random_text(source, seed())
    cases += [
        # muscle cards: structure
        Case("muscles-wrong-type", "muscles", set_at(["summary"], 42), "summary"),
        Case("muscles-random-text-retyped", "muscles", retype, retyped),
        Case("muscles-missing-field", "muscles", delete_at(["origin"]), ""),
        Case("muscles-missing-nested", "muscles", delete_at(["parts", "glmed2", "insertion"]), "parts.glmed2"),
        Case("muscles-unknown-part", "muscles", rename_key(["parts", "glmed3"], "glmed9"), "parts.glmed9"),
        Case("muscles-id-of-other-file", "muscles", set_at(["id"], "gluteus_minimus"), "id"),
        Case("muscles-huge-integer", "muscles", set_at(["name"], 10**400), "name"),
        Case("muscles-nan", "muscles", set_at(["name"], float("nan")), "name"),
        Case("muscles-key-not-text", "muscles", prepended("1: one\n"), LINE),
        Case("muscles-recursive-alias", "muscles", appended("loop: &loop [*loop]\n"), LINE),
        Case("muscles-alias-bomb", "muscles", appended(ALIAS_BOMB), LINE),
        Case("muscles-deep-block", "muscles", appended(DEEP_BLOCK), LINE),
        Case("muscles-too-large", "muscles", appended("big: " + "x" * (MAX_BYTES + 10) + "\n"), ""),
        Case("muscles-stray-file", "muscles",
             lambda p: (p.parent / "notes.yaml").write_text("id: notes\n", encoding="utf-8"), "", "notes.yaml"),
        Case("muscles-file-missing", "muscles", lambda p: p.unlink(), ""),
        # part_card(directory=) reads the same files
        Case("part_card-wrong-type", "part_card", set_at(["parts", "glmed2", "actions"], "abducts"),
             "parts.glmed2.actions"),
        Case("part_card-directory", "part_card", directory_instead, ""),
        Case("part_card-non-utf8", "part_card", non_utf8(seed()), ""),
        # activation timing
        Case("activation-wrong-type", "activation", set_at(["ramp_percent"], "wide"), "ramp_percent"),
        Case("activation-missing-field", "activation", delete_at(["sources"]), ""),
        Case("activation-unknown-id", "activation", rename_key(["entries", "glmed1"], "glmed9"),
             re.compile(r"entries(\.glmed9)?")),
        Case("activation-nan", "activation", set_at(["entries", "glmed2", "intervals", 0, "start"], float("nan")),
             "entries.glmed2.intervals[0].start"),
        Case("activation-huge-number", "activation",
             set_at(["entries", "glmed2", "intervals", 0, "end"], 1e308), "entries.glmed2.intervals[0].end"),
        Case("activation-infinite-level", "activation", set_at(["levels", "high"], float("inf")), "levels.high"),
        Case("activation-unknown-source", "activation",
             set_at(["entries", "glmed2", "intervals", 0, "sources"], ["nobody2020"]),
             "entries.glmed2.intervals[0].sources[0]"),
        # exercises
        Case("exercises-wrong-type", "exercises", set_at(["exercises"], {"hip_hitch": 1}), "exercises"),
        Case("exercises-missing-field", "exercises", delete_at(["exercises", 0, "keyframes"]), "exercises[0]"),
        Case("exercises-unknown-id", "exercises", set_at(["exercises", 0, "id"], "moonwalk"), "exercises[0].id"),
        Case("exercises-unknown-joint", "exercises",
             set_at(["exercises", 0, "keyframes", 1, "angles", "hip_warp_r"], 5.0),
             re.compile(r"exercises\[0\]\.keyframes\[1\]\.angles(\.hip_warp_r)?")),
        Case("exercises-nan-angle", "exercises", set_at(["exercises", 0, "keyframes", 1, "angles", "pelvis_list"],
                                                        float("nan")), "exercises[0].keyframes[1].angles.pelvis_list"),
        Case("exercises-huge-integer", "exercises", set_at(["exercises", 0, "duration_s"], 10**400),
             "exercises[0].duration_s"),
        # running cycle
        Case("running-wrong-type", "running", set_at(["coefficients", "hip_flexion", "a"], "zero"),
             "coefficients.hip_flexion.a"),
        Case("running-missing-field", "running", delete_at(["events"]), ""),
        Case("running-unknown-angle", "running", rename_key(["coefficients", "knee_angle"], "knee_warp"),
             re.compile(r"coefficients(\.knee_warp)?")),
        Case("running-huge-integer", "running", set_at(["coefficients", "hip_flexion", "a0"], 10**400),
             "coefficients.hip_flexion.a0"),
        Case("running-nan", "running", set_at(["coefficients", "pelvis_tilt", "a0"], float("nan")),
             "coefficients.pelvis_tilt.a0"),
        # mesh manifest
        Case("manifest-unknown-bone", "manifest", rename_key(["bones", "sacrum"], "tailbone"), "bones.tailbone"),
        Case("manifest-wrong-type", "manifest", set_at(["bones", "pelvis", "steps"], "smooth"), "bones.pelvis.steps"),
        Case("manifest-huge-integer", "manifest", set_at(["bones", "pelvis", "steps", 2, "levels"], 10**400),
             None),
    ]
    return cases


CASES = _cases()


def test_there_are_at_least_fifty_cases() -> None:
    assert len(CASES) >= 50
    assert len({c.id for c in CASES}) == len(CASES)
    assert {c.kind for c in CASES} == set(SOURCES)


def _prepare(case: Case, tmp_path: Path) -> tuple[Callable[[], object], Path]:
    """Copy the shipped file(s), apply the mutation; return the loader call and the mutated file."""
    if case.kind in ("muscles", "part_card"):
        directory = tmp_path / "muscles"
        shutil.copytree(annotations.MUSCLES_DIR, directory)
        target = directory / MUSCLE_FILE
        case.mutate(target)
        if case.kind == "muscles":
            return (lambda: annotations.load_muscle_cards(directory)), target
        return (lambda: annotations.part_card("glmed2_r", directory=directory)), target
    source = SOURCES[case.kind]
    target = tmp_path / source.name
    shutil.copy(source, target)
    case.mutate(target)
    loader: Callable[[Path], object] = {
        "activation": activation.load_activation,
        "exercises": exercises.load_exercises,
        "running": gait.load_running,
        "manifest": meshes.read_manifest,
    }[case.kind]
    return (lambda: loader(target)), target


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_file_raises_project_error_naming_file_field_expected(case: Case, tmp_path: Path) -> None:
    load, target = _prepare(case, tmp_path)
    try:
        load()
    except AnnotationError as exc:
        err = exc
    except Exception as exc:  # noqa: BLE001 - the point: report what leaked
        pytest.fail(f"{case.id}: leaked {type(exc).__name__}: {str(exc)[:300]}")
    else:
        pytest.fail(f"{case.id}: the malformed file loaded without an error")

    if case.kind == "manifest":
        assert isinstance(err, meshes.ManifestError), type(err)
    message = str(err)
    # the file
    file_name = case.file or target.name
    assert Path(err.path).name == file_name, (err.path, message)
    assert err.path in message and str(tmp_path) in err.path
    # the field
    if isinstance(case.field, re.Pattern):
        assert case.field.fullmatch(err.field), (case.field.pattern, message)
    elif case.field is not None:
        assert err.field == case.field, message
    assert message.startswith(f"{err.path}: {err.field or '<top level>'}: ")
    # what was expected
    assert err.expected.strip() and message.endswith(err.expected)
    # readable: one line, no traceback, bounded
    assert len(message.splitlines()) == 1, message
    assert "Traceback" not in message and 'File "' not in message
    assert len(message) < 1_000, message[:300]


def test_real_files_still_load() -> None:
    """The hardened reader accepts every shipped file (the mutations start from valid files)."""
    assert list(annotations.load_muscle_cards(annotations.MUSCLES_DIR)) == list(annotations.ids.LAYERS)
    assert activation.load_activation().entries
    assert set(exercises.load_exercises()) == set(exercises.EXERCISE_NAMES)
    assert gait.load_running().series
    assert set(meshes.read_manifest()) == set(meshes.BONES + meshes.CONTEXT_BONES)
    assert meshes.CONTEXT_BONES == ("tibia_r", "tibia_l", "fibula_r", "fibula_l", "patella_r", "patella_l",
                                    "talus_r", "talus_l", "calcn_r", "calcn_l", "toes_r", "toes_l")


def test_yaml_merge_keys_still_work(tmp_path: Path) -> None:
    """Anchors, aliases and ``<<`` merges stay usable in content files (only abuse is refused)."""
    from viewer.anatomy.yamlio import read_yaml

    path = tmp_path / "merge.yaml"
    path.write_text("base: &base {a: 1, b: 2}\nother:\n  <<: *base\n  b: 3\nrefs: [*base, *base]\n", encoding="utf-8")
    assert read_yaml(path) == {"base": {"a": 1, "b": 2}, "other": {"a": 1, "b": 3},
                               "refs": [{"a": 1, "b": 2}, {"a": 1, "b": 2}]}


def test_annotations_env_points_the_default_cards_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``GLUTE_VIEWER_ANNOTATIONS`` switches the default cards; a broken copy gives a notice, not a crash."""
    from viewer.anatomy.yamlio import ANNOTATIONS_DIR, ANNOTATIONS_ENV, annotations_dir
    from viewer.component.richtext import markdown_html
    from viewer.content.cards import card_markdown

    content = tmp_path / "annotations"
    shutil.copytree(ANNOTATIONS_DIR, content)
    set_at(["parts", "glmed2", "name"], "Edited by the instructor")(content / "muscles" / MUSCLE_FILE)
    try:
        monkeypatch.setenv(ANNOTATIONS_ENV, str(content))
        annotations.clear_cache()
        assert annotations_dir() == content
        assert annotations.part_card("glmed2_r")["name"] == "Edited by the instructor"

        set_at(["parts", "glmed2", "actions"], "abducts")(content / "muscles" / MUSCLE_FILE)
        annotations.clear_cache()
        text = markdown_html(card_markdown("glmed2_r"))  # as shown: the escaping undone
        assert MUSCLE_FILE in text and "parts.glmed2.actions" in text and "expected" in text, text

        monkeypatch.setenv(ANNOTATIONS_ENV, "  ")
        assert annotations_dir() == ANNOTATIONS_DIR
    finally:
        monkeypatch.undo()
        annotations.clear_cache()
    assert annotations.part_card("glmed2_r")["name"] != "Edited by the instructor"
