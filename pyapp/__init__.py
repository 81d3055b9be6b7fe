"""pyapp: Dapodik-style school data entry, Validasi Lokal and sync, with Python in the browser.

Layout (import direction ui -> engine over RPC only; engine -> core; proxy -> core):
- pyapp.core    pure Python: models, rujukan, rules, snapshot, sync protocol
- pyapp.engine  runs in the Pyodide worker: IndexedDB store, sync client, exported API
- pyapp.ui      runs in MicroPython on the main thread: views only
- pyapp.proxy   the FastAPI sync proxy (server only)
- pyapp.cli     `python -m pyapp ...`
"""

__version__ = "0.1.0"
