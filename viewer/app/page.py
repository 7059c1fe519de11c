"""The HTML page around the app: what Panel's base page lacks for phones and a fast first view.

Panel renders a plain viewable into its base HTML page, which has no ``<meta name="viewport">``
(a phone would lay the page out 980 px wide and zoom out) and makes the browser fetch a
15 KB ``favicon.ico``. :func:`use_page_template` gives the session's document a page with
the viewport meta, an inline SVG icon (no request) and an early ``modulepreload`` of the
3D scene's bundle and the RichText module, so the browser fetches them while Bokeh and
Panel start instead of after the document arrives.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import quote

from viewer.component.build import BUNDLE
from viewer.component.richtext import ESM_FILE
from viewer.component.richtext import STATIC_NAME as RICH_TEXT_STATIC
from viewer.vocab import ACCENT

SCENE_BUNDLE_URL: Final = f"static/extensions/glute_viewer/{BUNDLE.name}"
"""Where the scene component's bundle is served (viewer/component/scene.py registers the route)."""
RICH_TEXT_URL: Final = f"static/extensions/{RICH_TEXT_STATIC}/{ESM_FILE.name}"
"""Where the RichText component's ESM is served (viewer/component/richtext.py registers the route)."""
ICON: Final = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
    f"%3Ccircle cx='8' cy='8' r='7' fill='{quote(ACCENT)}'/%3E%3C/svg%3E"
)
PAGE_BLOCKS: Final = f"""
{{% block preamble %}}
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="{ICON}">
<link rel="modulepreload" href="{SCENE_BUNDLE_URL}">
<link rel="modulepreload" href="{RICH_TEXT_URL}">
{{% endblock %}}
"""
"""Jinja blocks over Panel's base page (Panel prepends ``{% extends base %}``)."""


def use_page_template(doc: Any) -> None:
    """Render ``doc`` (a Bokeh document being served; ``None`` outside a server) with :data:`PAGE_BLOCKS`."""
    if doc is not None:
        doc.template = PAGE_BLOCKS
