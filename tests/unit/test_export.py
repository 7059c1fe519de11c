"""The one-file offline export: what the page holds, that it points nowhere, round trips, clear errors.

The browser side (file://, every request blocked) is tests/e2e/test_export_file.py; the size and the
time to the first frame are figures of tests/benchmarks/bench_export.py, not asserted here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.component.build import OUTPUTS, STANDALONE_BUNDLE, bundle_is_stale
from viewer.component.payload import decode
from viewer.content.cards import card_title
from viewer.content.payloads import MotionSpec, assets_payload, motion_payload
from viewer.export import ExportError, ExportOptions, export_html, export_html_string
from viewer.export.content import DEFLATED, RAW, decode_bytes, encode_bytes, entry_meta
from viewer.export.urls import external_references, plain_urls, strip_urls

ROOT = Path(__file__).resolve().parents[2]
FETCHING = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import\b)|(?:\bimport\s*\(?\s*["'`](?:https?:)?//)""",
    re.IGNORECASE,
)


class Page(HTMLParser):
    """The bits of the exported page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def data(self) -> dict:
        (text,) = [t for a, t in self.scripts if a.get("id") == "glute-data"]
        return json.loads(text)

    def options(self, select_id: str) -> list[str]:
        out, inside = [], False
        for tag, attrs in self.elements:
            if tag == "select":
                inside = attrs.get("id") == select_id
            elif tag == "option" and inside:
                out.append(attrs.get("value") or "")
        return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("export") / "offline.html"
    export_html(path, "rotation", motions="offered,clamshell", flexion=30.0, select="glmed2_r", color="action",
                axis="adduction", layers="gluteus_medius,gluteus_minimus", view="lateral", title="Hip <course>")
    return path, path.read_text(encoding="utf-8")


def test_the_bundle_is_built_and_inlinable():
    assert not bundle_is_stale(), "run `python -m viewer.component.build`"
    code = STANDALONE_BUNDLE.read_text(encoding="utf-8")
    assert "</script" not in code.lower() and "<!--" not in code


def test_the_file_is_written_with_the_requested_motions(exported):
    path, text = exported
    assert path.is_file() and text.startswith("<!doctype html>")
    print(f"\nexported page: {path.stat().st_size / 1e6:.3f} MB")  # a figure, not asserted (bench_export.py)
    page = Page(text)
    data = page.data()
    keys = [m["key"] for m in data["motions"]]
    assert keys == ["abduction", "flexion", "running", "rotation@0", "rotation@15", "rotation@30", "rotation@45",
                    "rotation@90", "clamshell"]
    assert page.options("gx-motion") == keys
    assert data["initial"]["motion"] == "rotation@30"
    assert data["initial"]["selected"] == "glmed2_r"
    assert data["initial"]["color_mode"] == "action" and data["initial"]["action_axis"] == "adduction"
    assert data["initial"]["view"] == "lateral"
    assert data["initial"]["visible_parts"] == [p for p in ids.part_ids() if not p.startswith("glmax")]
    assert page.options("gx-part") == ["", *ids.part_ids()]
    assert "<title>Hip &lt;course&gt;</title>" in text


def test_the_page_points_at_no_address(exported):
    _, text = exported
    assert not FETCHING.findall(text), FETCHING.findall(text)[:3]
    assert not external_references(text)
    page = Page(text)
    for tag, attrs in page.elements:
        for name in ("src", "href", "action", "poster", "srcset"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value, re.IGNORECASE), (tag, name, value)
        if tag == "link":
            assert attrs.get("rel") != "stylesheet", attrs
    # outside the three.js code (one XHTML namespace string) no address appears at all, not even as text
    outside = re.sub(r"<script>.*?</script>", "", text, flags=re.S)  # the page without the code
    assert "://" not in outside


def test_payloads_round_trip(exported):
    data = Page(exported[1]).data()
    blob, index = assets_payload()
    assets = data["assets"]
    assert assets["encoding"] == RAW
    got = decode(decode_bytes(assets), assets["index"])
    for name, array in decode(blob, index).items():
        np.testing.assert_array_equal(got[name], array, err_msg=name)
    for entry in data["motions"]:
        blob, index = motion_payload(MotionSpec.of(entry["name"], entry["flexion"]))
        meta = entry_meta(entry)
        assert meta["index"]["frames"] == index["frames"] == len(meta["narration"])
        got = decode(decode_bytes(entry), meta["index"])
        for name, array in decode(blob, index).items():
            np.testing.assert_array_equal(got[name], array, err_msg=f"{entry['key']}: {name}")
        # every motion deflated, the one shown first too (unpacked at start, in a few milliseconds)
        assert entry["encoding"] == DEFLATED and "meta" in entry


def test_every_card_is_in_the_page_and_only_the_selected_one_shows(exported):
    text = exported[1]
    articles = re.findall(r'<article data-part="([^"]*)"( hidden)?>', text)
    assert [a for a, _ in articles] == ["", *ids.part_ids()]
    assert [a for a, hidden in articles if not hidden] == ["glmed2_r"]
    for part in ids.part_ids():
        assert card_title(part) in text
    assert "doi:10.1016/S0021-9290(99)00032-9" in text  # Delp 1999, a reference without a link


def test_sources_and_credits_are_on_the_page(exported):
    text = exported[1]
    footer = text[text.index('<footer class="gx-foot">'):text.index("</footer>")]
    for words in ("myo_sim", "Apache-2.0", "Rajagopal", "Hamner", "three.js", "MIT", "Activation timing"):
        assert words in footer, words


def test_export_html_without_a_path_returns_the_page():
    page = export_html(None, motions="abduction")
    assert isinstance(page, str)
    data = Page(page).data()
    assert [m["key"] for m in data["motions"]] == ["abduction"]
    assert page == export_html_string(motions=["abduction"])


def test_an_empty_layer_list_draws_none_and_a_hidden_part_may_be_selected():
    options = ExportOptions(layers=(), select="glmax1_r").check()
    assert options.visible_parts() == [] and options.select == "glmax1_r"


def test_the_first_motion_defaults_to_abduction_or_the_first_included():
    assert ExportOptions().check().initial_key() == "abduction"
    assert ExportOptions(motions="running,clamshell").check().initial_key() == "running"
    assert ExportOptions(motion="rotation", flexion=45).check().initial_key() == "rotation@45"


@pytest.mark.parametrize(("options", "words"), [
    ({"motion": "moonwalk"}, ["'moonwalk'", "abduction", "glute_bridge"]),
    ({"motions": "running,jog"}, ["'jog'", "offered", "running"]),
    ({"select": "glmed9_r"}, ["'glmed9_r'", "glmed1_r"]),
    ({"color": "rainbow"}, ["'rainbow'", "anatomical", "stretch"]),
    ({"axis": "twist"}, ["'twist'", "adduction"]),
    ({"layers": "gluteus_maximus,gluteus_magnus"}, ["'gluteus_magnus'", "gluteus_minimus"]),
    ({"layers": ""}, ["empty", "gluteus_medius"]),
    ({"view": "side"}, ["'side'", "anterior"]),
    ({"flexion": 200.0}, ["200", "-20", "110"]),
])
def test_bad_options_name_the_bad_value_and_the_valid_ones(options, words):
    with pytest.raises(ExportError) as info:
        ExportOptions(**options).check()
    message = str(info.value)
    assert "\n" not in message
    for word in words:
        assert word in message, (word, message)


def test_urls_become_plain_references():
    doi = "https://doi.org/10.1016/S0021-9290(99)00032-9"
    assert plain_urls(f"Delp 1999 [{doi}]({doi})") == "Delp 1999 doi:10.1016/S0021-9290(99)00032-9"
    assert plain_urls("see https://pubmed.ncbi.nlm.nih.gov/16187509/.") == "see PMID 16187509."
    assert plain_urls("data: https://simtk.org/projects/x, 2013") == "data: simtk.org/projects/x, 2013"
    assert plain_urls("[the paper](http://example.org/a)") == "the paper (example.org/a)"
    assert strip_urls({"a": ["x https://doi.org/1/2", 3]}) == {"a": ["x doi:1/2", 3]}
    assert external_references('<img src="https://example.org/a.png">')
    assert external_references("a { background: url(//cdn.example.org/x.png) }")
    assert external_references('import("https://cdn.example.org/m.js")')
    assert not external_references('document.createElementNS("http://www.w3.org/1999/xhtml", "canvas")')


def test_deflate_only_when_it_pays_off():
    smooth = np.arange(4096, dtype=np.int16).tobytes()
    noise = np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes()
    assert encode_bytes(smooth, compress=True)["encoding"] == DEFLATED
    assert encode_bytes(noise, compress=True)["encoding"] == RAW
    for blob in (smooth, noise):
        for compress in (True, False):
            assert decode_bytes(encode_bytes(blob, compress)) == blob


def test_bundle_is_stale_checks_both_outputs(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "dist").mkdir()
    (tmp_path / "src" / "index.js").write_text("export {}\n")
    old = time.time() - 100
    os.utime(tmp_path / "src" / "index.js", (old, old))
    (tmp_path / "dist" / OUTPUTS[0]).write_text("built\n")
    assert bundle_is_stale(tmp_path), "the standalone bundle is missing"
    (tmp_path / "dist" / OUTPUTS[1]).write_text("built\n")
    assert not bundle_is_stale(tmp_path)
    os.utime(tmp_path / "dist" / OUTPUTS[1], (old - 10, old - 10))
    assert bundle_is_stale(tmp_path), "the standalone bundle is older than a source"


# -- the real CLI ------------------------------------------------------------------------------------------------
def run(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("glute-viewer")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "viewer.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_cli_writes_the_file(tmp_path):
    out = run("export", str(tmp_path / "page.html"), "--motions", "offered", "--motion", "running",
              "--select", "glmin1_l", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["file"] == str(tmp_path / "page.html") and result["first"] == "running"
    assert result["motions"] == ["abduction", "flexion", "running", "rotation@0", "rotation@15", "rotation@45",
                                 "rotation@90"]
    assert result["bytes"] == (tmp_path / "page.html").stat().st_size


@pytest.mark.parametrize(("args", "words"), [
    (["--motion", "moonwalk"], ["unknown motion 'moonwalk'", "abduction", "clamshell"]),
    (["--select", "glmed4_r"], ["unknown part 'glmed4_r'", "glmed1_r"]),
    (["--color", "rainbow"], ["unknown colour mode 'rainbow'", "anatomical, action, stretch, activation"]),
    (["--layers", "gluteus_maximus,quads"], ["unknown layer 'quads'", "gluteus_maximus, gluteus_medius"]),
    (["--flexion", "nan"], ["--flexion", "-20", "110"]),
])
def test_cli_refuses_bad_values_with_one_line(tmp_path, args, words):
    out = run("export", str(tmp_path / "page.html"), *args)
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("glute-viewer export: error: "), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert not (tmp_path / "page.html").exists()


def test_cli_refuses_a_bad_output_path(tmp_path):
    out = run("export", str(tmp_path / "page.txt"))
    assert out.returncode == 2 and "expected one of: .html, .htm" in out.stderr, out.stderr
    out = run("export", str(tmp_path / "missing" / "page.html"))
    assert out.returncode == 2 and "does not exist" in out.stderr, out.stderr


def test_the_credits_name_every_bundled_library_at_its_locked_version():
    from viewer.export.cards import BUNDLED_LIBRARIES, credits

    frontend = Path(__file__).resolve().parents[2] / "viewer" / "frontend"
    wanted = json.loads((frontend / "package.json").read_text(encoding="utf-8"))["dependencies"]
    locked = json.loads((frontend / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    names = {"three": "three.js"}
    listed = {name: version for name, version, _, _ in BUNDLED_LIBRARIES}
    assert {names.get(n, n): locked[f"node_modules/{n}"]["version"] for n in wanted} == listed
    text = dict(credits({}, {}, None, "0.2.4"))["Libraries in this file"]
    for name, version, licence, holder in BUNDLED_LIBRARIES:
        assert f"{name} {version} ({licence} licence, {holder})" in text
