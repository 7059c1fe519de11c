"""The Panel app: per-session state, named actions, sidebar controls, info card, layout, sync and serving.

Build one session with :func:`viewer.app.builder.build_app`; serve with
``glute-viewer serve`` (:mod:`viewer.app.serve`) or ``panel serve app.py``.
Nothing here is created at import time: every session gets its own state.
"""
