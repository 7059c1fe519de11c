"""What every viewer shows, computed once per process and shared: no Panel, no server.

- :mod:`~viewer.content.payloads`: each motion's scene, its encoded payload and its sentences,
  keyed by a normalised :class:`~viewer.content.payloads.MotionSpec` (hip flexion and pelvic
  drop rounded to the steps of :mod:`viewer.vocab`);
- :mod:`~viewer.content.cards`: the info card of each part as Markdown and sanitised HTML;
- :mod:`~viewer.content.markdown`: Markdown to sanitised HTML (the XSS boundary).

The served app (:mod:`viewer.app`), the offline export (:mod:`viewer.export`) and the Python
API all read from here, so a session and an exported file show the same bytes.
"""
