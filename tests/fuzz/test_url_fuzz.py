"""Fuzzed URL states: 200 random or malformed queries through ``build_session``, and a few through the server.

The queries are drawn from one seeded generator over :data:`viewer.app.url.QUERY_KEYS` (so keys
added there are fuzzed as they land) plus unknown keys, with values that are valid for some key,
or malformed: bad ids, huge, negative, NaN and infinite numbers, empty values, repeated keys,
bytes that are not UTF-8, very long strings, HTML and script, path-like strings. For each:

- ``build_session(query)`` raises nothing and logs no exception;
- the state stays valid: every numeric param finite and inside its bounds, every selector on one of
  its choices, ``selected`` a part id or ``""``, visible parts known ids;
- a refused value leaves a notice (``state.message``, prefixed ``URL``) that names the parameter
  and says what was expected (checked strictly for queries with a single key, and for the keys
  whose valid values are known here: a query that mixes keys must name at least one refused key);
- no message shows a traceback or echoes a huge value.

The served checks open the nastiest queries with plain HTTP GETs: status 200, no traceback in the
page or in the server log, and a normal page afterwards.
"""

from __future__ import annotations

import logging
import math
import random
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import param
import pytest
from served import has_traceback, log_since, log_size, raw_get, start_app

from viewer.anatomy import ids
from viewer.anatomy.motions import FLEXION_LIMITS_DEG
from viewer.app import url
from viewer.app.builder import build_session
from viewer.app.state import ViewerState
from viewer.vocab import OPACITY_KEYS, VIEWS

SEED = 6_2026
N_CASES = 200
MAX_MESSAGE_CHARS = 20_000
"""A notice may quote a value, never echo a 100,000-character one."""

Query = dict[str, list[bytes | str]]

# ----------------------------------------------------------------------------- values


def _choices() -> list[str]:
    """Values valid for some key: every selector's choices, part ids, views, numbers, structured values."""
    out: list[str] = []
    for p in ViewerState.param.objects("existing").values():
        if isinstance(p, param.Selector):
            out += [str(o) for o in p.objects]
    out += list(ids.part_ids()) + list(VIEWS) + list(OPACITY_KEYS) + list(ids.LAYERS) + list(ids.SIDES)
    out += ["0", "1", "2", "0.5", "45", "90", "-20", "110", "1.75", "12.5", "true", "false", "on", "no", "both",
            "glmed1_r,glmed2_r", "glmax1_l", "gluteus_maximus:0.4,bones:0.6", "bones:0",
            "100,200,300,0,0,0", "-500,80,900,0,50,0", "midstance", "float", "loading"]
    return list(dict.fromkeys(out))


VALID_LOOKING = _choices()
NUMBERS = ["-0", "-1", "1e309", "-1e309", "1e308", "-1e308", "nan", "NaN", "-nan", "inf", "-inf", "Infinity",
           "1e-400", "99999999999999999999999", "9" * 400, "1" * 4301, "0x1F", "1_000", "45deg", "4 5", "+45",
           ".5", "5.", "\uff14\uff15", "\u0664\u0665", "2.0000000000000001", "-1e-320", "1/2", "0,0,0,0,0,nan",
           "1e309,0,0,0,0,0", "0,0,0,0,0", "0,0,0,0,0,0,0"]
BAD_IDS = ["glmed4_r", "GLMED1_R", "glmed1_x", "glmed1_r ", " glmed1_r", "glmed1_r\x00", "glmed1_r,glmed1_r",
           "glmed1_r,nope", "gluteus_maximus", "gluteus_maximus:", ":0.5", "gluteus_maximus:nan", "bones:-1",
           "bones:1e309", "bones:0.5:0.5", "Running", "ROTATION", "rotation ", "walk", "none", "null", "undefined",
           "True", "maybe", "2", "-1", "3"]
EMPTY = ["", " ", "\t", "\r\n", ",", ",,,", ":", "a:b:c"]
MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
          "{{7*7}}", "${7*7}", "%s%s%s%n", "'; DROP TABLE parts; --", "<b>bold</b>", "&lt;script&gt;",
          "\u202egnp.exe", "\ud800", "\U0001f9b4", "\uff47\uff4c\uff4d\uff45\uff44\uff11\uff3f\uff52"]
PATHS = ["../../etc/passwd", "..%2f..%2fetc%2fpasswd", "/etc/passwd", "C:\\Windows\\win.ini", "file:///etc/passwd",
         "\\\\server\\share", "~/.ssh/id_rsa", "/proc/self/environ", "annotations/muscles/gluteus_medius.yaml",
         "../../../pyproject.toml", "....//....//etc/passwd", "/dev/zero", "/dev/random"]
LONG = ["a" * 100_000, "glmed1_r" * 5_000, "x" * 1_999, "y" * 2_001, ("9" * 1_000) + "e-999"]
NON_UTF8 = [b"\xff", b"\xc3\x28", b"\x80abc", b"glmed1_r\xff", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xfe\xff\x00"]
NASTY: list[str | bytes] = [*NUMBERS, *BAD_IDS, *EMPTY, *MARKUP, *PATHS, *LONG, *NON_UTF8]
UNKNOWN_KEYS = ["foo", "", "MOTION", "Select", "select[]", "__proto__", "constructor", "motion ", "k" * 1_000,
                "\u00df", "<script>", "../../etc/passwd", "select\x00"]

# ----------------------------------------------------------------------------- oracles


def _text(value: bytes | str) -> str:
    """A value as the session sees it (bytes decoded like ``pn.state.session_args`` values)."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _choice_oracle(choices: Callable[[], tuple[str, ...] | list[str]]) -> Callable[[str], bool | None]:
    """Valid when one of ``choices``; unsure for empty or near-miss spellings; invalid otherwise."""

    def oracle(value: str) -> bool | None:
        valid = tuple(choices())
        if value in valid:
            return True
        if not value.strip() or value.strip().lower() in {v.lower() for v in valid}:
            return None  # skipped, or a spelling the app may choose to forgive
        return False

    return oracle


def _number_oracle(bounds: Callable[[], tuple[float, float]]) -> Callable[[str], bool | None]:
    def oracle(value: str) -> bool | None:
        if not value.strip():
            return None
        try:
            number = float(value)
        except ValueError:
            return False
        lo, hi = bounds()
        if not math.isfinite(number) or not lo <= number <= hi:
            return False
        return True

    return oracle


def _flag_oracle(value: str) -> bool | None:
    word = value.strip().lower()
    if not word:
        return None
    return word in (*url.TRUE_WORDS, *url.FALSE_WORDS)


ORACLES: dict[str, Callable[[str], bool | None]] = {
    "motion": _choice_oracle(lambda: ViewerState.param.motion.objects),
    "select": _choice_oracle(ids.part_ids),
    "view": _choice_oracle(lambda: VIEWS),
    "flexion": _number_oracle(lambda: FLEXION_LIMITS_DEG),
    "speed": _number_oracle(lambda: ViewerState.param.speed.bounds),
    "play": _flag_oracle,
}
"""Whether a value is valid (``None``: not sure) for the keys whose valid values are known here."""
ALIASES: dict[str, tuple[str, ...]] = {"select": ("select", "part"), "parts": ("parts", "part"),
                                       "color": ("color", "colour"), "cam": ("cam", "camera"),
                                       "weak": ("weak", "side"), "drop": ("drop",)}
"""Words that name a key in a notice (the key itself, or the action's word for it)."""


def names_key(message: str, key: str) -> bool:
    """Whether a notice names URL key ``key``."""
    low = message.lower()
    return any(word in low for word in ALIASES.get(key, (key,)))


# ----------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class UrlCase:
    """One query, and the key it is about when it has only one."""

    id: str
    query: Query
    single_key: str | None


def _value(rng: random.Random) -> bytes | str:
    """A value: valid for some key about a third of the time, else malformed."""
    if rng.random() < 0.35:
        return rng.choice(VALID_LOOKING)
    value = rng.choice(NASTY)
    if isinstance(value, str) and rng.random() < 0.25:
        return value.encode("utf-8", "surrogatepass")  # as the server hands them over
    return value


def _cases() -> list[UrlCase]:
    rng = random.Random(SEED)
    keys = list(url.QUERY_KEYS)
    cases: list[UrlCase] = []
    for n in range(N_CASES):
        if n % 5 < 3:  # single known key, cycling so every key is fuzzed several times
            key = keys[n % len(keys)] if n < 2 * len(keys) else rng.choice(keys)
            values = [_value(rng) for _ in range(rng.choice((1, 1, 1, 2, 4)))]
            cases.append(UrlCase(f"u{n:03d}-{key}", {key: values}, key))
        elif n % 5 == 3 and n % 10 == 3:  # one unknown key alone
            key = rng.choice(UNKNOWN_KEYS)
            cases.append(UrlCase(f"u{n:03d}-unknown", {key: [_value(rng)]}, key))
        else:  # a mix
            chosen = rng.sample(keys, rng.randint(2, min(8, len(keys))))
            if rng.random() < 0.5:
                chosen.append(rng.choice(UNKNOWN_KEYS))
            query: Query = {k: [_value(rng) for _ in range(rng.choice((1, 1, 2, 3)))] for k in chosen}
            cases.append(UrlCase(f"u{n:03d}-mix{len(query)}", query, None))
    return cases


CASES = _cases()

# ----------------------------------------------------------------------------- checks


def _finite_everywhere(value: Any, where: str) -> Iterator[str]:
    """Paths of non-finite floats inside a param value (numbers, lists, dicts)."""
    if isinstance(value, float) and not math.isfinite(value):
        yield where
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _finite_everywhere(v, f"{where}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _finite_everywhere(v, f"{where}[{i}]")


def state_problems(state: ViewerState) -> list[str]:
    """Every way ``state`` is invalid (empty when it is valid)."""
    problems: list[str] = []
    for name, p in state.param.objects("existing").items():
        if name == "name":
            continue
        value = getattr(state, name)
        problems += [f"{path} is not finite" for path in _finite_everywhere(value, name)]
        if isinstance(p, param.Number) and value is not None:
            lo, hi = p.bounds or (None, None)
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                problems.append(f"{name}={value!r} outside {p.bounds}")
        if isinstance(p, param.Selector) and value not in p.objects:
            problems.append(f"{name}={value!r} not one of its choices")
        if isinstance(p, param.Boolean) and not isinstance(value, bool):
            problems.append(f"{name}={value!r} is not a bool")
        if isinstance(p, param.List) and p.item_type is not None:
            problems += [f"{name} holds {v!r}" for v in value if not isinstance(v, p.item_type)]
    if state.selected not in ("", *ids.part_ids()):
        problems.append(f"selected={state.selected[:80]!r} is not a part id")
    unknown = [p for p in state.visible_parts if p not in ids.part_ids()]
    if unknown or len(set(state.visible_parts)) != len(state.visible_parts):
        problems.append(f"visible_parts={state.visible_parts[:5]!r} has unknown or repeated ids")
    if state.motion not in ViewerState.param.motion.objects:
        problems.append(f"motion={state.motion!r} is not a motion")
    return problems


def _short(query: Query) -> str:
    return repr({k[:40]: [v[:60] for v in vs] for k, vs in query.items()})


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fuzzed_query_builds_a_valid_session(case: UrlCase, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="viewer"):
        session = build_session(case.query)
    try:
        state = session.state
        leaked = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
        assert not leaked, f"{_short(case.query)} logged: {[r.getMessage() for r in leaked]}"
        assert not state_problems(state), (_short(case.query), state_problems(state))

        message = state.message
        assert not has_traceback(message), message[:500]
        assert len(message) <= MAX_MESSAGE_CHARS, f"a {len(message)}-character notice for {_short(case.query)}"
        refused = "URL" in message
        key = case.single_key
        if key is not None and key not in url.QUERY_KEYS:  # an unknown key alone: named as unknown
            assert refused and "unknown" in message.lower() and repr(key[:30])[1:-1] in message, message[:300]
            return
        if key is not None and refused:
            assert names_key(message, key), f"the notice does not name {key!r}: {message[:300]}"
            assert "expected" in message.lower(), f"the notice does not say what was expected: {message[:300]}"
        verdicts = {k: ORACLES[k](_text(vs[-1])) for k, vs in case.query.items() if k in ORACLES}
        bad = [k for k, ok in verdicts.items() if ok is False]
        if bad:
            assert refused, f"{_short(case.query)}: {bad} refused without a URL notice (message {message[:200]!r})"
            assert any(names_key(message, k) for k in bad), f"no refused key {bad} named in {message[:300]!r}"
        if key is not None and verdicts.get(key) is True:
            assert not refused, f"valid {key}={_text(case.query[key][-1])[:60]!r} refused: {message[:300]}"
    finally:
        unlink = getattr(session.sync, "unlink", None)
        if unlink is not None:
            unlink()


def test_cases_cover_every_key_and_every_kind_of_value() -> None:
    """The generator really produces what the module docstring promises (so a change cannot hollow it out)."""
    assert len(CASES) == N_CASES
    single = {c.single_key for c in CASES if c.single_key in url.QUERY_KEYS}
    assert single == set(url.QUERY_KEYS)
    values = [v for c in CASES for vs in c.query.values() for v in vs]
    assert any(isinstance(v, bytes) and _text(v) != v.decode("latin-1") for v in values), "no non-UTF-8 bytes"
    assert any(len(v) >= 100_000 for v in values), "no very long value"
    assert any("<script>" in _text(v) for v in values), "no script value"
    assert any("etc/passwd" in _text(v) for v in values), "no path-like value"
    assert any(_text(v) in ("nan", "NaN", "inf", "1e309") for v in values), "no NaN or infinity"
    assert any(_text(v) == "" for v in values), "no empty value"
    assert any(len(vs) > 1 for c in CASES for vs in c.query.values()), "no repeated key"
    assert any(k not in url.QUERY_KEYS for c in CASES for k in c.query), "no unknown key"


# ----------------------------------------------------------------------------- through the server


def _q(**values: str | bytes | list[str | bytes]) -> str:
    """A query string with every value percent-encoded (bytes as they are)."""
    pairs = []
    for key, value in values.items():
        for v in value if isinstance(value, list) else [value]:
            raw = v if isinstance(v, bytes) else v.encode("utf-8", "surrogatepass")
            pairs.append(f"{urllib.parse.quote(key)}={urllib.parse.quote_from_bytes(raw, safe='')}")
    return "/?" + "&".join(pairs)


NASTY_URLS = [
    _q(motion="../../etc/passwd"),
    _q(select="<script>alert(1)</script>", view='"><img src=x onerror=alert(1)>'),
    _q(flexion="1e309", speed="nan", frame="-1", cam="nan,inf,-inf,1e309,0,0"),
    _q(motion=b"\xff\xfe", select=b"\xc3\x28", color=b"\xed\xa0\x80"),
    _q(select="A" * 8_000),
    _q(motion=["rotation", "running", "\x00"], select=["glmed1_r", "../.."]),
    "/?__proto__=1&constructor[prototype][x]=1&%3Cscript%3E=1&&&=&==",
    _q(opacity="bones:-1,gluteus_maximus:nan,:,,,", parts="glmed1_r,,nope,../x"),
    _q(view="javascript:alert(1)", color="{{7*7}}", axis="${7*7}"),
    _q(embed="1\r\nSet-Cookie: injected=1", phase="\x00", drop="-1e400", weak="../"),
    "/?motion=%25%32%65%25%32%65%25%32%66etc%25%32%66passwd&select=%%%",
]


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app as shipped, on a port of its own."""
    try:
        server = start_app(tmp_path_factory.mktemp("fuzz-server") / "serve.log")
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.mark.slow
def test_nasty_urls_through_the_server(plain_server: Any) -> None:
    start = log_size(plain_server)
    for target in NASTY_URLS:
        response = raw_get(plain_server.port, target)
        assert response.status == 200, (target[:80], response.status)
        assert not has_traceback(response.text), target[:80]
        assert "<script>alert(1)" not in response.text and "root:x:0:0" not in response.text, target[:80]
        assert "injected" not in response.headers.get("set-cookie", ""), response.headers
    log = log_since(plain_server, start)
    assert not has_traceback(log), log[-3000:]
    after = raw_get(plain_server.port, "/")
    assert after.status == 200 and "Bokeh" in after.text and "<title>" in after.text
    assert plain_server.proc is not None and plain_server.proc.poll() is None, "the server stopped"


def test_nasty_urls_cover_the_kinds() -> None:
    """The served list holds each kind of nastiness (paths, markup, numbers, bytes, length, repeats)."""
    joined = " ".join(NASTY_URLS)
    for needle in ("etc%2Fpasswd", "%3Cscript%3E", "1e309", "%FF", "A" * 1000, "motion=rotation&motion=", "%0D%0A"):
        assert needle in joined, needle
