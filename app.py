"""``panel serve app.py``: one fresh session of the gluteal muscle viewer per browser tab.

The process is prepared exactly as ``glute-viewer serve`` prepares it (warm-up, memory
settings, the periodic collector: :mod:`viewer.app.process`), once, when the first tab opens.
The server's own options are flags of ``panel serve``: see docs/how-to/serve.md.
"""

from viewer.app.builder import build_app
from viewer.app.process import prepare_process, start_process_tasks
from viewer.app.serve import PAGE_TITLE

prepare_process()
start_process_tasks()
build_app().servable(title=PAGE_TITLE)
