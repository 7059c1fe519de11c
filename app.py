"""``panel serve app.py``: one fresh session of the gluteal muscle viewer per browser tab."""

from viewer.app.builder import build_app

build_app().servable(title="Gluteal muscles viewer")
