# Entry script of the PyScript worker named "engine" (see index.html).
#
# PyScript resolves `await workers["engine"]` even when the worker's code failed, so this
# bootstrap never fails itself: if the engine cannot be imported it exports a `ping` that
# reports the cause, and the UI shows it on its error screen instead of hanging.
import json
import os
import sys
import time
import traceback

_LOADER: dict = {}  # type: ignore[type-arg]  # the worker's entry script, kept plain
try:  # worker clock: ms since the worker started (includes runtime + wheel loading)
    from js import performance as _perf

    _BOOT_MS = _perf.now()
    try:  # when and how long loadPyodide ran (static/pyodide-loader.mjs)
        from js import pyappLoaderTimings as _lt

        _LOADER = {k: getattr(_lt, k) for k in ("load_start_ms", "interpreter_ms", "loaded_ms")
                   if hasattr(_lt, k)}
    except ImportError:
        pass
except ImportError:
    _perf, _BOOT_MS = None, 0.0
_t0 = time.perf_counter()

if os.getcwd() not in sys.path:
    sys.path.insert(0, os.getcwd())

try:
    from pyapp.engine import api as _api

    _api.BOOT_TIMINGS.update(_LOADER, boot_ms=round(_BOOT_MS),
                             import_ms=round((time.perf_counter() - _t0) * 1000))
    # PyScript exports this module's globals named in __export__: ping, call (every call
    # of engine/contract.py goes through it) and the File/Blob calls.
    __export__ = [*_api.EXPORTS]
    ping, call = _api.ping, _api.call
    restore_file, export_file = _api.restore_file, _api.export_file
    excel_file, import_file = _api.excel_file, _api.import_file
except BaseException as _exc:  # noqa: BLE001 - we report whatever stopped the import
    _detail = "".join(traceback.format_exception(type(_exc), _exc, _exc.__traceback__))
    _error = {"ok": False, "error": f"{type(_exc).__name__}: {_exc}", "detail": _detail}

    def ping(_request: str = "{}") -> str:
        return json.dumps(_error)

    __export__ = ["ping"]
