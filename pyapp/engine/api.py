"""The calls the UI makes. Each takes a JSON string and returns a JSON string."""

from __future__ import annotations

import json
import sys
from typing import Any

import pydantic

import pyapp

EXPORTS = ["ping"]
# Filled in by boot.py: when the worker's Python started, and how long the engine import took.
BOOT_TIMINGS: dict[str, float] = {}


def _runtime() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "pydantic": pydantic.VERSION,
        "app": pyapp.__version__,
        "platform": sys.platform,
    }
    try:
        import pyodide  # type: ignore[import-not-found]

        info["pyodide"] = pyodide.__version__
    except ImportError:
        info["pyodide"] = None
    return info


def stdlib_modules() -> list[str]:
    """Top-level names of the standard-library modules imported so far (those loaded from the
    stdlib zip). The e2e suite collects them (tests/e2e/conftest.py) to decide what the build
    keeps in python_stdlib.zip (scripts/stdlib_trace.json)."""
    import builtins  # this module's `list` and `open` are engine calls (see EXPORTS)

    zips = tuple(p + "/" for p in sys.path if p.endswith(".zip"))
    names = set()
    for name, mod in builtins.list(sys.modules.items()):
        where = getattr(mod, "__file__", None) or ""
        if zips and where.startswith(zips):
            names.add(name.split(".")[0])
    return sorted(names)


if sys.platform == "emscripten":  # pragma: no cover - browser only
    try:  # for tests: Playwright evaluates this in the worker
        import js  # type: ignore[import-not-found]
        from pyodide.ffi import create_proxy  # type: ignore[import-not-found]

        js.globalThis.pyappStdlibModules = create_proxy(lambda: json.dumps(stdlib_modules()))
    except Exception:  # noqa: BLE001 - a test aid only
        pass


def ping(_request: str = "{}") -> str:
    """Health of the engine: versions of Python, Pyodide, pydantic and the app."""
    return json.dumps({"ok": True, **_runtime(), "timings": BOOT_TIMINGS})


# -- the engine API (issue 6) -------------------------------------------------------------------
# Each call takes ONE JSON string and returns a JSON string; errors come back as
# {"ok": false, "error": "<Indonesian message>"}, never as exceptions across the RPC.

_SERVICE: Any = None
_SERVICE_LOCK: Any = None


def _make_service() -> Any:
    from pyapp.engine.service import EngineService

    if sys.platform == "emscripten":  # pragma: no cover - browser only
        from pyapp.engine.idb import IndexedDBStore, fetch_json
        from pyapp.engine.service import FetchWilayahSource

        return EngineService(IndexedDBStore(), wilayah_source=FetchWilayahSource(fetch_json))
    from pyapp.engine.store import MemoryStore

    return EngineService(MemoryStore())


def service() -> Any:
    """The engine service, created at first use (IndexedDB in the browser, memory in CPython)."""
    global _SERVICE
    if _SERVICE is None:
        _SERVICE = _make_service()
    return _SERVICE


def set_service(svc: Any) -> None:
    """Use another service (tests)."""
    global _SERVICE
    _SERVICE = svc


_SYNC: Any = None


def _make_sync() -> Any:
    from pyapp.engine.http import default_http
    from pyapp.engine.sync import SyncClient

    return SyncClient(service(), default_http())


def sync_client() -> Any:
    """The sync client over the engine service (created at first use)."""
    global _SYNC
    if _SYNC is None or _SYNC.service is not service():
        _SYNC = _make_sync()
    return _SYNC


def set_sync_client(client: Any) -> None:
    """Use another sync client (tests)."""
    global _SYNC
    _SYNC = client


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


async def _call(method: str, request: Any, target: Any = None) -> str:
    try:
        if request is None or request == "":
            req: Any = {}
        elif isinstance(request, str):
            req = json.loads(request)
        else:  # a JS object or a dict (tolerated; the UI should send JSON text)
            req = request.to_py() if hasattr(request, "to_py") else dict(request)
    except (ValueError, TypeError) as exc:
        return _dumps({"ok": False, "error": f"Permintaan ke mesin bukan JSON yang sah ({exc})."})
    if not isinstance(req, dict):
        return _dumps({"ok": False, "error": "Permintaan ke mesin harus berupa objek JSON."})
    return _dumps(await _invoke(method, req, target))


async def _invoke(method: str, req: dict[str, Any], target: Any = None) -> Any:
    from pyapp.engine.service import EngineError

    try:
        return await getattr(target() if target is not None else service(), method)(req)
    except EngineError as exc:
        return {"ok": False, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - never let an exception cross the RPC
        return {"ok": False, "error": f"Kesalahan di mesin ({method}): {type(exc).__name__}: {exc}"}


def _export(name: str, target: Any = None, prepare: Any = None) -> Any:
    """An exported call; `prepare()` runs first and may answer instead (an error's JSON)."""

    async def call(request: str = "{}") -> str:
        refused = await prepare() if prepare is not None else None
        return refused if refused is not None else await _call(name, request, target)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"Engine call `{name}`: JSON request → JSON response (see pyapp/engine/service.py)."
    return call


_CALLS = (
    "open", "record_types", "form_meta", "list", "get", "save", "delete", "summary", "findings",
    "export_backup", "restore_backup", "load_sample", "wipe", "options", "wilayah", "dashboard",
    "rombel_members",
)
# Module attributes named like the calls (some shadow builtins here on purpose: the UI calls
# them by these names). Set through globals() so this module's own code keeps the builtins.
for _name in _CALLS:
    globals()[_name] = _export(_name)
EXPORTS.extend(_CALLS)


# Backups travel as browser File/Blob objects (structured-cloned between the page and the
# worker), never as strings through the UI: a large school's backup is ~19 MB of JSON, more
# than the MicroPython UI should ever hold.


async def restore_file(file: Any) -> str:
    """Restore from a File the user picked (read here, in the worker)."""
    try:
        text = str(await file.text())
        name = str(file.name)
    except Exception as exc:  # noqa: BLE001
        return _dumps({"ok": False, "error": f"Berkas cadangan tidak bisa dibaca: {exc}"})
    return _dumps(await _invoke("restore_backup", {"text": text, "filename": name}))


async def export_file(_request: str = "{}") -> Any:
    """Export the backup as a Blob; returns a JS object {ok, filename, blob, error}."""
    from js import Blob, Object  # type: ignore[import-not-found]
    from pyodide.ffi import to_js  # type: ignore[import-not-found]

    res = await _invoke("export_backup", {})
    out: dict[str, Any] = {"ok": bool(res.get("ok")), "error": res.get("error") or ""}
    if res.get("ok"):
        out["filename"] = res.get("filename") or "cadangan.json"
        out["blob"] = Blob.new(to_js([res["text"]]), to_js({"type": "application/json"},
                                                           dict_converter=Object.fromEntries))
    return to_js(out, dict_converter=Object.fromEntries)


EXPORTS.extend(["restore_file", "export_file"])

# -- Sinkronisasi (issue 7): pyapp/engine/sync.py --------------------------------------------
_SYNC_CALLS = (
    "sync_config", "register", "prefill", "principals", "switch_role", "health", "pending",
    "confirmation_sheet", "sync_begin", "sync_step", "sync_state", "sync_history", "tarik_data",
)
# The sync client's HTTP stack (requests and the wheels it needs, vendor.lock.json "load":
# "on-demand") is installed at the first sync call that may reach the network, not at
# start-up: it would cost every start ~0.4 s. `sync_config` runs at start-up and stays local.
_LOCAL_SYNC_CALLS = {"sync_config"}
_NETWORK: dict[str, Any] = {"ready": sys.platform != "emscripten"}


async def _network_ready() -> None:
    if _NETWORK["ready"]:
        return
    from importlib import resources

    import js  # type: ignore[import-not-found]
    import pyodide_js  # type: ignore[import-not-found]
    from pyodide.ffi import to_js  # type: ignore[import-not-found]

    names = json.loads(resources.files("pyapp.engine").joinpath("on_demand.json").read_text())
    base = str(js.pyappBuildURL) + "wheels/"
    await pyodide_js.loadPackage(to_js([base + n for n in names]))
    _NETWORK["ready"] = True


async def _ensure_network() -> str | None:
    try:
        await _network_ready()
    except Exception as exc:  # noqa: BLE001 - reported like any engine error
        return _dumps({"ok": False, "error": "Modul jaringan untuk sinkronisasi tidak bisa "
                                             f"dimuat: {type(exc).__name__}: {exc}"})
    return None


for _name in _SYNC_CALLS:
    globals()[_name] = _export(_name, sync_client,
                               None if _name in _LOCAL_SYNC_CALLS else _ensure_network)
EXPORTS.extend(_SYNC_CALLS)
