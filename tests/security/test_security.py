"""Security of the served app, checked on the real server and in the real browser.

- Script injection: the app is served with ``GLUTE_VIEWER_ANNOTATIONS`` pointing at a copy of
  ``annotations/`` whose gluteus medius card carries ``<script>``, an ``onerror`` image, a Markdown
  ``javascript:`` link and a raw ``<a href="javascript:...">``; in Chromium the card shows the text
  but nothing runs (``window.__xss`` stays undefined, even after clicking the links) and the card's
  DOM holds no script element, event attribute or ``javascript:`` link. The same for markup in URL
  parameters, which reaches the page only as a quoted notice: nowhere in the whole rendered page
  (shadow roots included) does a payload form an element or attribute that could run.
- Path traversal: ``..`` in static paths (plain, percent-encoded, double-encoded, backslashes) never
  returns a file outside the served static directories. Query values are looked for where they
  travel, the session's document (read over the websocket with ``bokeh_wire.py``, as the browser
  does; ``GET /`` itself never holds them): only the address model and the escaped refusal notice
  show them, never the 3D view's state, and no file's content is in the document or its buffers.
- No request parameter reaches the file system: a real audit hook (``sys.addaudithook``) sees every
  ``open`` while sessions are built from path-like queries and while path-like values are sent to
  the 3D view's browser-writable properties (the component -> state path, in-process), and the URL
  and action modules contain no file-system calls.
- Websocket origin: the session websocket refuses (403) an origin that is not allowed and accepts
  (101) the served host, localhost and an origin added with ``--allow-websocket-origin``.
"""

from __future__ import annotations

import ast
import html
import json
import re
import shutil
import sys
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bokeh_doc import SCENE_TYPE, attribute, find_model, strings_in
from bokeh_wire import connect
from e2e_harness import READY, ROOT, open_app
from served import has_traceback, raw_get, session_token, start_app, websocket_handshake

from viewer.anatomy import annotations
from viewer.anatomy.motions import ALL_MOTIONS
from viewer.anatomy.yamlio import ANNOTATIONS_DIR, ANNOTATIONS_ENV
from viewer.app.builder import build_session
from viewer.component.build import BUNDLE
from viewer.component.richtext import ESM_FILE

ALLOWED_EXTRA_ORIGIN = "course.example.org"
MARKER = "XSS-PROBE"
"""Plain text beside each payload: proves the payload's field is the one shown."""
PAYLOADS = {
    "origin": f"{MARKER}-origin <script>window.__xss=1</script> ilium",
    "insertion": f'{MARKER}-insertion <img src=x onerror="window.__xss=2"> trochanter',
    "clinical": [
        f"{MARKER}-md-link [click](javascript:window.__xss=3)",
        f'{MARKER}-raw-link <a href="javascript:window.__xss=4">raw link</a>',
        f"{MARKER}-autolink <javascript:window.__xss=5> and [data](data:text/html,<script>window.__xss=6</script>)",
        f'{MARKER}-svg <svg onload="window.__xss=7"></svg> <iframe src="javascript:window.__xss=8"></iframe>',
        f'{MARKER}-style <style>body{{display:none}}</style> <b onmouseover="window.__xss=9">hover</b>',
    ],
}
CARD = ".info-card .rich-text"
MESSAGE = ".viewer-message .rich-text"
"""The HTML shown by the card and the notice bar (RichText's box, inside the component's shadow root)."""

pytestmark = pytest.mark.slow


def write_hostile_annotations(target: Path) -> Path:
    """Copy ``annotations/`` to ``target`` with the payloads in the gluteus medius middle part's card."""
    shutil.copytree(ANNOTATIONS_DIR, target)
    path = target / "muscles" / "gluteus_medius.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    part = data["parts"]["glmed2"]
    part["origin"], part["insertion"] = PAYLOADS["origin"], PAYLOADS["insertion"]
    part["clinical"] = list(PAYLOADS["clinical"])
    data["summary"] = f"{MARKER}-summary <script>window.__xss=10</script> " + data["summary"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    annotations.load_muscle_cards(target / "muscles")  # the copy is valid: the payloads reach the card
    return target


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app serving hostile card text, with one extra websocket origin allowed."""
    base = tmp_path_factory.mktemp("security")
    content = write_hostile_annotations(base / "annotations")
    try:
        server = start_app(base / "serve.log", env={ANNOTATIONS_ENV: str(content)},
                           extra_args=["--allow-websocket-origin", ALLOWED_EXTRA_ORIGIN])
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


# ----------------------------------------------------------------------------- script injection

DOM_REPORT = """(root) => {
  const nodes = [];
  const texts = [root.textContent];
  const walk = (node) => {
    for (const el of node.querySelectorAll('*')) {
      nodes.push(el);
      if (el.shadowRoot) { texts.push(el.shadowRoot.textContent); walk(el.shadowRoot); }
    }
  };
  if (root.shadowRoot) texts.push(root.shadowRoot.textContent);
  walk(root.shadowRoot || root);
  return {
    tags: nodes.map((el) => el.tagName.toLowerCase()),
    events: nodes.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name))
                                                  .map((a) => `${el.tagName}.${a.name}`)),
    hrefs: nodes.filter((el) => el.hasAttribute('href') || el.hasAttribute('src'))
                .map((el) => el.getAttribute('href') || el.getAttribute('src')),
    text: texts.join(' '),
  };
}"""
"""Every element under a component (through shadow roots): tags, event attributes, link targets, text."""


def dom_report(page: Any, selector: str) -> dict[str, Any]:
    """:data:`DOM_REPORT` of the last (innermost) element matching ``selector``.

    Panel gives the component's own root the class ``rich-text`` too; the ESM's box (holding
    only the sanitised HTML) is the innermost ``.rich-text``.
    """
    return page.locator(selector).last.evaluate(DOM_REPORT)


def wait_for_text(page: Any, selector: str, needle: str, timeout_ms: int = 30_000) -> str:
    """Text of ``selector`` (shadow roots included) once it contains ``needle``, or after ``timeout_ms``."""
    text = ""
    for _ in range(timeout_ms // 250):
        text = dom_report(page, selector)["text"] if page.locator(selector).count() else ""
        if needle in text:
            break
        page.wait_for_timeout(250)
    return text


def assert_inert(report: dict[str, Any]) -> None:
    """No script-capable element, event attribute or script URL in a DOM report."""
    tags = set(report["tags"])
    assert not tags & {"script", "img", "svg", "iframe", "object", "embed", "style", "form"}, " ".join(sorted(tags))
    assert not report["events"], report["events"]
    bad = [h for h in report["hrefs"] if not re.match(r"^(https?:|mailto:)", h.strip(), re.IGNORECASE)]
    assert not bad, bad


def test_card_text_cannot_run_script(page: Any, hostile_server: Any, console: Any) -> None:
    open_app(page, hostile_server.url + "?select=glmed2_r&play=0")
    text = wait_for_text(page, CARD, f"{MARKER}-raw-link")
    for field in ("origin", "insertion", "md-link", "raw-link", "autolink", "svg", "style", "summary"):
        assert f"{MARKER}-{field}" in text, f"the {field} payload is not in the card: {text[:300]}"
    assert "javascript:window.__xss=3" in text, "the Markdown javascript: link should show as plain text"

    report = dom_report(page, CARD)
    assert_inert(report)
    # click everything that looks like a link in the card, then look again
    for label in ("click", "raw link", "data", "hover"):
        target = page.locator(CARD).get_by_text(label, exact=False).first
        if target.count():
            target.click(timeout=5_000, force=True)
    for anchor in page.locator(f"{CARD} a").all():
        if not re.match(r"^https?:", anchor.get_attribute("href") or ""):
            anchor.click(timeout=5_000, force=True)
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__xss") is None
    assert len(page.context.pages) == 1, "a click opened another page"
    assert_inert(dom_report(page, CARD))
    assert page.locator(READY).count() == 1, "the 3D view is no longer ready"
    assert not [e for e in console.errors if "__xss" in e], console.errors


MARKUP_VALUES = {
    "select": '<img src=x onerror="window.__xss=11">',
    "motion": "<script>window.__xss=12</script>",
    "view": "javascript:window.__xss=13",
}
MARKUP_QUERY = "/?" + urllib.parse.urlencode(MARKUP_VALUES)
PAGE_XSS_REPORT = """() => {
  const found = [];
  const risky = new Set(['script', 'iframe', 'object', 'embed', 'img', 'svg', 'style', 'frame', 'base', 'form']);
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (risky.has(tag) && el.outerHTML.includes('__xss')) found.push(`<${tag}>: ${el.outerHTML.slice(0, 160)}`);
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        if ((name.startsWith('on') || ['src', 'href', 'srcdoc', 'action', 'formaction', 'xlink:href', 'data']
             .includes(name)) && a.value.includes('__xss')) {
          found.push(`${tag}[${a.name}] = ${a.value.slice(0, 160)}`);
        }
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return found;
}"""
"""Every element of the whole page (through shadow roots) where a ``__xss`` payload could run."""


def test_markup_in_url_parameters_shows_as_text(page: Any, hostile_server: Any) -> None:
    open_app(page, hostile_server.url.rstrip("/") + MARKUP_QUERY)
    text = wait_for_text(page, MESSAGE, "__xss=13")
    assert "URL" in text and "expected" in text, text[:400]
    assert "<script>window.__xss=12</script>" in text, "the refused value should be quoted as text"
    assert_inert(dom_report(page, MESSAGE))
    page.wait_for_timeout(500)
    # the values travel further than the notice (the address bar's model, the share box, the title):
    # nowhere in the rendered page may they form an element or an attribute that runs
    assert page.evaluate(PAGE_XSS_REPORT) == []
    assert "__xss" not in page.title()
    assert page.evaluate("() => window.__xss") is None


def test_path_in_query_is_refused_with_a_notice(page: Any, hostile_server: Any) -> None:
    open_app(page, hostile_server.url + "?motion=../../etc/passwd&select=..%2F..%2Fpyproject.toml")
    text = wait_for_text(page, MESSAGE, "pyproject")
    assert "motion" in text and "expected" in text, text[:400]
    body = dom_report(page, "body")["text"]
    assert not re.search(r"^root:.*:0:0:", body, re.MULTILINE) and "[project]" not in body


# ----------------------------------------------------------------------------- path traversal

TRAVERSALS = [
    "/static/extensions/glute_viewer/../../../../etc/passwd",
    "/static/extensions/glute_viewer/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/extensions/glute_viewer/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/static/extensions/glute_viewer/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/extensions/glute_viewer/%252e%252e/%252e%252e/%252e%252e/etc/passwd",
    "/static/extensions/glute_viewer/....//....//....//etc/passwd",
    "/static/extensions/glute_viewer/..\\..\\..\\..\\pyproject.toml",
    "/static/extensions/glute_viewer/%2e%2e%5c%2e%2e%5c%2e%2e%5cpyproject.toml",
    "/static/extensions/glute_viewer/%00../../../../etc/passwd",
    "/static/extensions/glute_viewer_text/..%2f..%2f..%2f..%2fpyproject.toml",
    "/static/extensions/glute_viewer_text/../richtext.py",
    "/static/..%2f..%2fpyproject.toml",
    "/static/../../../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/components/..%2f..%2f..%2fetc%2fpasswd",
    "/static/extensions/glute_viewer//etc/passwd",
    "/static/extensions/glute_viewer/%2fetc%2fpasswd",
    "/static/extensions/glute_viewer/file:///etc/passwd",
]
QUERY_PATHS = [
    "/?motion=../../etc/passwd",
    "/?motion=..%2F..%2F..%2Fetc%2Fpasswd&select=%2Fetc%2Fpasswd",
    "/?select=../../pyproject.toml&view=....//....//etc/passwd&phase=/proc/self/environ",
    "/?motion=file%3A%2F%2F%2Fetc%2Fpasswd&color=C%3A%5CWindows%5Cwin.ini",
]
REFUSED = (400, 403, 404, 405, 500)
"""A static request refused: 403/404 from Tornado, 500 from a handler choking on the path (see the report)."""


def leaks_a_file(body: str) -> list[str]:
    """Which secrets outside the static directories show in a response body."""
    found = []
    if re.search(r"^root:[^:\n]*:0:0:", body, re.MULTILINE):
        found.append("/etc/passwd")
    if "[project]" in body or "[tool.pytest" in body:
        found.append("pyproject.toml")
    if "def markdown_html" in body:
        found.append("richtext.py")
    return found


def test_static_files_are_served(hostile_server: Any) -> None:
    """The positive control: the real static prefixes work, so a 404 below means refused, not mistyped."""
    for path in (f"/static/extensions/glute_viewer/{BUNDLE.name}",
                 f"/static/extensions/glute_viewer_text/{ESM_FILE.name}"):
        response = raw_get(hostile_server.port, path)
        assert response.status == 200, (path, response.status)
        assert len(response.body) > 100


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_in_static_paths_is_refused(hostile_server: Any, path: str) -> None:
    response = raw_get(hostile_server.port, path)
    assert response.status in REFUSED, (path, response.status, response.text[:200])
    assert not leaks_a_file(response.text), (path, leaks_a_file(response.text))
    assert not has_traceback(response.text)


URL_MODEL_ATTRS = {("panel.models.location.Location", "href"), ("panel.models.location.Location", "search")}
"""Where the address itself is mirrored (the browser's own URL): the query is there as sent."""


def query_values(target: str) -> list[str]:
    """The decoded values of a request target's query."""
    query = urllib.parse.urlsplit(target).query
    return [v for values in urllib.parse.parse_qs(query, keep_blank_values=True).values() for v in values if v]


@pytest.mark.parametrize("path", [*QUERY_PATHS, MARKUP_QUERY])
def test_query_values_reach_the_session_only_as_refused_text(hostile_server: Any, path: str) -> None:
    """Where the query's values travel: the session's document (read over the websocket, as the browser does).

    The page from ``GET /`` holds no query value at all; the session built from the query does.
    In its document a value may show only in the address model (the URL as sent) and, quoted,
    in the refusal notice (HTML-escaped); never in the 3D view's state or any other property,
    and no file's content shows in the document or its binary buffers.
    """
    response = raw_get(hostile_server.port, path)
    assert response.status == 200, (path, response.status)
    assert "Bokeh" in response.text and not has_traceback(response.text)
    with connect(hostile_server.port, session_token(response.text)) as wire:
        reply = wire.pull()
    doc = reply.content["doc"]
    blob = json.dumps(doc) + "".join(b.decode("latin-1") for _, b in reply.buffers if isinstance(b, bytes))
    assert not leaks_a_file(blob), leaks_a_file(blob)
    values = query_values(path)
    quoted = set()
    for model, attr, text in strings_in(doc):
        for value in values:
            if (model, attr) in URL_MODEL_ATTRS:
                continue
            if value in text:
                assert attr == "html" and "expected" in text and not set("<>&") & set(value), (
                    f"the query value {value!r} is in {model}.{attr}: {text[:300]}")
            if attr == "html" and "expected" in text and value in html.unescape(text):
                quoted.add(value)
    # the values did reach the session (a key the app does not know is ignored: its value shows nowhere)
    assert quoted, f"none of {values} is quoted in the refusal notice"
    scene = find_model(doc, SCENE_TYPE)["id"]
    assert attribute(doc, scene, "selected") in (None, "")
    assert attribute(doc, scene, "motion_index")["name"] in ALL_MOTIONS


def test_server_survives_the_probes(hostile_server: Any) -> None:
    for path in TRAVERSALS:
        raw_get(hostile_server.port, path)
    assert hostile_server.proc.poll() is None
    assert raw_get(hostile_server.port, "/").status == 200


# ----------------------------------------------------------------------------- no request reaches a file

FS_EVENTS = ("open", "os.listdir", "os.scandir", "os.remove", "os.rename", "os.mkdir", "os.chdir",
             "shutil.copyfile", "shutil.rmtree", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn")
_RECORDER: dict[str, Any] = {"on": False, "events": []}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _RECORDER["on"] and event in FS_EVENTS:
        _RECORDER["events"].append((event, args[0] if args else None))


sys.addaudithook(_audit)  # audit hooks cannot be removed: it records only while _RECORDER["on"]

PATH_PROBES = ["../../etc/passwd", "/etc/passwd", "..%2f..%2fsecret-probe.yaml", "../secret-probe/muscles",
               "C:\\Windows\\win.ini", "~/.ssh/id_rsa", "file:///etc/shadow", "/proc/self/environ", "/dev/zero",
               "\\\\server\\secret-probe"]
NEEDLES = ("passwd", "shadow", "win.ini", "id_rsa", "environ", "secret-probe", "dev/zero")
"""Parts of the probes no legitimate file access contains."""


def _allowed_roots() -> list[Path]:
    import os

    roots = [ROOT, Path(sys.prefix), Path(sys.base_prefix), Path(tempfile.gettempdir())]
    roots += [Path(p) for p in sys.path if p and Path(p).is_dir()]
    cache = os.environ.get("GLUTE_VIEWER_CACHE")
    if cache:
        roots.append(Path(cache))
    return [r.resolve() for r in roots]


def test_no_query_value_reaches_the_file_system() -> None:
    """Build sessions whose every URL key holds a path; the audit hook sees no file from the query."""
    from viewer.app import url

    build_session({}).sync.unlink()  # warm the caches first: later opens are the query's doing
    roots = _allowed_roots()
    _RECORDER["events"].clear()
    _RECORDER["on"] = True
    try:
        for probe in PATH_PROBES:
            session = build_session({key: [probe.encode("utf-8")] for key in url.QUERY_KEYS})
            session.sync.unlink()
            assert "URL" in session.state.message  # the paths were read and refused
    finally:
        _RECORDER["on"] = False
    events = list(_RECORDER["events"])
    for event, target in events:
        text = str(target)
        assert not any(needle in text for needle in NEEDLES), (event, text)
        assert event not in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn"), (event, text)
        if isinstance(target, (str, bytes, Path)) and event == "open":
            resolved = Path(target.decode() if isinstance(target, bytes) else target).resolve()
            assert any(resolved.is_relative_to(r) for r in roots), f"{event} outside the package: {resolved}"


def browser_values(probe: str) -> dict[str, Any]:
    """A value built from ``probe`` for each property the 3D view's browser client writes."""
    return {
        "selected": probe, "hovered": probe, "view": probe, "color_mode": probe, "action_axis": probe,
        "camera": {"position": probe, "target": probe}, "frame": probe, "speed": probe, "playing": probe,
        "loop": probe, "capture_done": {"id": probe, "kind": probe, "filename": probe, "error": probe},
    }


def test_no_browser_value_reaches_the_file_system() -> None:
    """Browser-sent values on the 3D view, path-like, driven through the component -> state path in-process.

    Each value goes in twice: as the browser's change (``_process_events``, what Panel calls for
    a websocket ``PATCH-DOC``, refusals included) and straight onto the param (as if that check
    were gone), so the session's watchers (selection, camera, picture status) see it. The audit
    hook sees no file opened or listed from it.
    """
    from viewer.app.pictures import PicturePanel

    build_session({}).sync.unlink()  # warm the caches first: later opens are the values' doing
    session = build_session(query={}, detached=True)
    pictures = PicturePanel(session.scene)  # the served page's capture_done watcher
    scene = session.scene
    roots = _allowed_roots()
    reached = []
    _RECORDER["events"].clear()
    _RECORDER["on"] = True
    try:
        for probe in PATH_PROBES:
            for name, value in browser_values(probe).items():
                for send in (scene._process_events, lambda change: scene.param.update(**change)):
                    try:
                        send({name: value})
                    except Exception:  # noqa: BLE001, S110 - a refusal is fine; a file access is not
                        pass
            if probe in html.unescape(pictures.status.html) or probe in session.state.message:
                reached.append(probe)
    finally:
        _RECORDER["on"] = False
        session.sync.unlink()
    assert reached, "no probe reached the session's code (the picture status or the message)"
    assert session.state.selected not in PATH_PROBES and session.state.view not in PATH_PROBES
    for event, target in list(_RECORDER["events"]):
        text = str(target)
        assert not any(needle in text for needle in NEEDLES), (event, text)
        assert event not in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn"), (event, text)
        if isinstance(target, (str, bytes, Path)) and event == "open":
            resolved = Path(target.decode() if isinstance(target, bytes) else target).resolve()
            assert any(resolved.is_relative_to(r) for r in roots), f"{event} outside the package: {resolved}"


def test_the_audit_hook_sees_opens() -> None:
    """The recorder is live: it sees a real ``open`` (so the test above cannot pass vacuously)."""
    _RECORDER["events"].clear()
    _RECORDER["on"] = True
    try:
        (ROOT / "pyproject.toml").read_bytes()
    finally:
        _RECORDER["on"] = False
    assert any(e == "open" and str(t).endswith("pyproject.toml") for e, t in _RECORDER["events"])


FS_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "listdir", "scandir", "iterdir", "glob",
            "rglob", "unlink", "rmtree", "system", "popen", "Popen", "exec", "eval", "compile", "__import__",
            "import_module", "Path", "PurePath", "mkdir", "load_muscle_cards", "read_yaml", "load_validated"}
"""Calls that touch the file system or run code, by name."""


@pytest.mark.parametrize("module", ["viewer/app/url.py", "viewer/app/actions.py"])
def test_url_and_actions_make_no_file_system_calls(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in FS_CALLS:
                calls.append(f"{name}() at line {node.lineno}")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            calls += [f"import {n}" for n in names if n.split(".")[0] in ("os", "shutil", "subprocess", "pathlib",
                                                                            "io", "glob", "tempfile")]
    assert not calls, f"{module}: {calls}"


# ----------------------------------------------------------------------------- websocket origin

WS_PATH = "/ws"
"""The app is served at ``/`` (``pn.serve({"/": build_app})`` in viewer/app/serve.py), so its websocket is ``/ws``."""


def test_websocket_refuses_foreign_origins(hostile_server: Any) -> None:
    port = hostile_server.port
    token = session_token(raw_get(port, "/").text)
    for origin in ("http://evil.example", f"http://evil.example:{port}", "null",
                   f"http://127.0.0.1.evil.example:{port}", f"http://127.0.0.2:{port}",
                   f"http://{ALLOWED_EXTRA_ORIGIN}.evil.example", f"https://evil.example/{ALLOWED_EXTRA_ORIGIN}"):
        assert websocket_handshake(port, WS_PATH, origin, token) == 403, origin


def test_websocket_accepts_own_and_configured_origins(hostile_server: Any) -> None:
    port = hostile_server.port
    for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}", f"http://{ALLOWED_EXTRA_ORIGIN}"):
        token = session_token(raw_get(port, "/").text)
        assert websocket_handshake(port, WS_PATH, origin, token) == 101, origin
