"""Prepare a server process for the app: the same steps for ``glute-viewer serve`` and ``panel serve app.py``.

Two steps, each run once per process whatever calls it (both are idempotent):

- :func:`prepare_process`, before the first visitor: cap the log (:mod:`viewer.app.log_limits`),
  close Panel's ``/components/`` route (:func:`viewer.app.routes.close_component_route`),
  compute the default motion's payloads and build one throwaway session (so the first visitor
  waits for neither), fix glibc's mmap threshold and freeze the start-up objects out of garbage
  collection (:mod:`viewer.app.memory`).
  ``glute-viewer serve`` runs it before Bokeh forks its ``--num-procs`` workers, so their pages
  stay shared; ``panel serve app.py`` runs it when ``app.py`` first executes.
- :func:`start_process_tasks`, inside the running server's event loop: the periodic check that
  runs one full garbage collection after every few discarded sessions
  (:data:`viewer.app.memory.COLLECTOR`). ``glute-viewer serve`` starts it in each worker after
  the fork.

The server's own options (HTTP gzip, websocket compression, how often unused sessions are
discarded) are set when the server is built: ``glute-viewer serve`` passes
:func:`viewer.app.serve.server_options`; ``panel serve`` takes the same values as flags
(docs/how-to/serve.md gives the command line).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Final

from viewer.app.log_limits import install_log_limits
from viewer.app.memory import COLLECTOR, fix_mmap_threshold, freeze_startup
from viewer.app.routes import close_component_route

log = logging.getLogger(__name__)

CHECK_MS: Final = 2000
"""How often the collector checks for discarded sessions (and the server for unused ones)."""
_DONE: dict[str, int] = {}


def prepare_process() -> int:
    """Warm up, fix the allocator and freeze the start-up objects, once per process.

    Returns
    -------
    int
        The number of objects frozen (the same figure on every later call).

    """
    if "prepared" in _DONE:
        return _DONE["prepared"]
    install_log_limits()
    close_component_route()
    warm_up()
    fix_mmap_threshold()
    frozen = freeze_startup()
    _DONE["prepared"] = frozen
    print(f"glute-viewer: process prepared (pid {os.getpid()}): warm-up done, {frozen} start-up objects frozen "
          f"out of garbage collection, one full collection per {COLLECTOR.every} discarded sessions",
          file=sys.stderr, flush=True)
    return frozen


def warm_up() -> None:
    """Render every card, compute the default motion, its payloads and one throwaway session, before the first visitor.

    The first visitor then waits neither for the model and motion (cached per process and
    shared by every session) nor for the first-time set-up of the app's classes.
    """
    try:
        from viewer.app.builder import build_session
        from viewer.content.cards import render_all_cards
        from viewer.content.payloads import assets_payload

        render_all_cards()  # Markdown off the event loop: the server does not serve yet
        assets_payload()
        build_session(query={}, detached=True).sync.unlink()
    except Exception:  # noqa: BLE001 - the app reports motion errors per session
        log.exception("warm-up failed; sessions will compute on demand")


def start_process_tasks() -> bool:
    """Start the periodic collector check on the current event loop, once per process.

    Returns
    -------
    bool
        Whether it was started by this call.

    """
    if "tasks" in _DONE:
        return False
    from tornado.ioloop import PeriodicCallback

    PeriodicCallback(COLLECTOR.check, CHECK_MS).start()
    _DONE["tasks"] = 1
    return True
