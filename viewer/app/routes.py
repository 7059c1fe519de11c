"""Routes the app does not use are closed: Panel's ``/components/`` answers 404.

Panel serves resources of any component class at ``/components/<module>/<class>/<attr>/<path>``
and imports ``<module>`` to find it: a request for ``/components/unittest.__main__/x/y/z``
imports a module that calls ``sys.exit`` on import and ends the server, and any installed
module can be loaded into every worker that way. The app loads its bundle from Bokeh's static
extension route and never uses this one (the browser tests load the page behind this closure).
"""

from __future__ import annotations

from typing import Any, Final

from tornado.web import HTTPError, RequestHandler

CLOSED_PATHS: Final = (r"/components/.*",)
"""URL patterns answered with 404 before Panel's handlers see them."""


class ClosedRoute(RequestHandler):
    """Answer 404 to every method, without looking at the path."""

    def prepare(self) -> None:
        """Refuse before any method handler runs."""
        raise HTTPError(404)


def closed_route_patterns() -> list[tuple[str, type[RequestHandler]]]:
    """Tornado patterns for :data:`CLOSED_PATHS`, to be matched before the server's own routes."""
    return [(path, ClosedRoute) for path in CLOSED_PATHS]


def close_component_route() -> bool:
    """Make Panel's component resource handler refuse every path, in this process.

    ``glute-viewer serve`` routes ``/components/`` to :class:`ClosedRoute` before Panel's
    handler; this covers servers the app does not build itself (``panel serve app.py``, where
    it takes effect once ``app.py`` has run, at start-up with ``--warm``). Idempotent.

    Returns
    -------
    bool
        Whether Panel's handler was found and closed.

    """
    try:
        from panel.io.server import ComponentResourceHandler
    except ImportError:
        return False

    def refuse(_handler: Any, _path: str) -> str:
        raise HTTPError(404)

    ComponentResourceHandler.parse_url_path = refuse  # type: ignore[method-assign]
    return True
