"""What the worker exports to the UI: `ping`, `call(name, request)` for every call of the
contract (engine/contract.py), and the two calls that move browser File/Blob objects.

`call` takes the call's name and ONE JSON string, and always answers a JSON string: the
handler's reply, or the one failure shape (`pyapp.core.problems.failure`). Nothing raised
crosses the RPC. The contract and the handlers are imported at the first call, not at
start-up, so `ping` (the UI's "engine ready") does not wait for them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

import pydantic

import pyapp
from pyapp.core import problems
from pyapp.engine import _problems as P

if TYPE_CHECKING:
    from pyapp.engine.contract import Call
    from pyapp.engine.service import EngineService
    from pyapp.engine.sync import SyncClient

EXPORTS = ["ping", "call", "restore_file", "export_file", "excel_file", "import_file"]
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
        import pyodide

        info["pyodide"] = pyodide.__version__
    except ImportError:
        info["pyodide"] = None
    return info


def stdlib_modules() -> list[str]:
    """Top-level names of the standard-library modules imported so far (those loaded from the
    stdlib zip). The e2e suite collects them (tests/e2e/conftest.py) to decide what the build
    keeps in python_stdlib.zip (scripts/stdlib_trace.json)."""
    zips = tuple(p + "/" for p in sys.path if p.endswith(".zip"))
    names = set()
    for name, mod in list(sys.modules.items()):
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


# -- the objects that answer ----------------------------------------------------------------------
_TARGETS: dict[str, Any] = {"service": None, "sync": None}


def _make_service() -> EngineService:
    from pyapp.engine.service import EngineService

    if sys.platform == "emscripten":  # pragma: no cover - browser only
        from pyapp.engine.browser_io import fetch_json
        from pyapp.engine.idb import IndexedDBStore
        from pyapp.engine.wilayah import FetchWilayahSource

        return EngineService(IndexedDBStore(), wilayah_source=FetchWilayahSource(fetch_json))
    from pyapp.engine.store import MemoryStore

    return EngineService(MemoryStore())


def service() -> EngineService:
    """The engine service, created at first use (IndexedDB in the browser, memory in CPython)."""
    if _TARGETS["service"] is None:
        _TARGETS["service"] = _make_service()
    svc: EngineService = _TARGETS["service"]
    return svc


def set_service(svc: EngineService | None) -> None:
    """Use another service (tests)."""
    _TARGETS["service"] = svc


def sync_client() -> SyncClient:
    """The sync client over the engine service (created at first use)."""
    client: SyncClient | None = _TARGETS["sync"]
    if client is None or client.service is not service():
        from pyapp.engine.http import default_http
        from pyapp.engine.sync import SyncClient

        client = _TARGETS["sync"] = SyncClient(service(), default_http())
    return client


def set_sync_client(client: SyncClient | None) -> None:
    """Use another sync client (tests)."""
    _TARGETS["sync"] = client


# -- dispatch -------------------------------------------------------------------------------------
def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _parse(request: Any) -> dict[str, Any]:
    """The request as a dict: JSON text (what the UI sends), or a dict / JS object."""
    try:
        if request is None or request == "":
            req: Any = {}
        elif isinstance(request, str):
            req = json.loads(request)
        else:  # a JS object or a dict (tolerated; the UI should send JSON text)
            req = request.to_py() if hasattr(request, "to_py") else dict(request)
    except (ValueError, TypeError) as exc:
        raise P.PERMINTAAN_RUSAK.error(reason=str(exc)) from exc
    if not isinstance(req, dict):
        raise P.PERMINTAAN_RUSAK.error(reason="permintaan harus berupa objek JSON")
    return req


def _validated(spec: Call, req: dict[str, Any]) -> dict[str, Any]:
    try:
        model = spec.request.model_validate(req)
    except pydantic.ValidationError as exc:
        from pyapp.core.messages import pesan

        errors = [{"loc": ".".join(str(x) for x in e["loc"]), "message": pesan(e)}
                  for e in exc.errors(include_url=False)]
        first = errors[0]
        raise P.PERMINTAAN_TIDAK_SAH.error(call=spec.name, errors=errors,
                                         summary=f"{first['loc']}: {first['message']}") from exc
    return model.model_dump(exclude_unset=True)


async def _install(group: str) -> None:  # pragma: no cover - browser only
    """Install an on-demand group of wheels (vendor.lock.json "load": "on-demand", by
    "group"): the sync client's HTTP stack ("http") at the first call that may reach the
    network, openpyxl ("excel") at the first Excel download or import. At start-up they would
    cost every start time and every first visit bytes."""
    from importlib import resources

    import js
    import pyodide_js
    from pyodide.ffi import to_js

    groups = json.loads(resources.files("pyapp.engine").joinpath("on_demand.json").read_text())
    base = str(js.pyappBuildURL) + "wheels/"
    await pyodide_js.loadPackage(to_js([base + n for n in groups[group]]))


#: the on-demand groups installed so far (in CPython every package is installed already)
_INSTALLED: dict[str, bool] = {"http": sys.platform != "emscripten",
                               "excel": sys.platform != "emscripten"}


async def answer(work: Awaitable[Any], name: str = "?") -> Any:
    """Await a handler; whatever it raises comes back as the one failure shape."""
    from pyapp.engine.sync.transport import RemoteProblem

    try:
        return await work
    except problems.ProblemError as exc:
        return exc.reply()
    except RemoteProblem as exc:
        return exc.reply()
    except Exception as exc:  # noqa: BLE001 - never let an exception cross the RPC
        return P.KESALAHAN.error(call=name, error=f"{type(exc).__name__}: {exc}").reply()


async def _run(name: str, req: dict[str, Any]) -> Any:
    from pyapp.engine.contract import BY_NAME

    spec = BY_NAME.get(name)
    if spec is None:
        raise P.PANGGILAN_TIDAK_DIKENAL.error(call=name)
    args = _validated(spec, req)
    group = spec.packages
    if group is not None and not _INSTALLED.get(group):
        try:
            await _install(group)
        except Exception as exc:  # noqa: BLE001 - reported like any engine problem
            problem = P.MODUL_JARINGAN if group == "http" else P.MODUL_EXCEL
            raise problem.error(error=f"{type(exc).__name__}: {exc}") from exc
        _INSTALLED[group] = True
    target = sync_client() if spec.target == "sync" else service()
    return await spec.handler(target, args)


async def invoke(name: str, req: dict[str, Any]) -> Any:
    """Run one call of the contract on a request dict; any failure as the failure shape."""
    return await answer(_run(name, req), name)


async def call(name: str, request: Any = "{}") -> str:
    """The UI's one door: `call("save", '{"type": ..., "record": ...}')` -> JSON text."""
    try:
        req = _parse(request)
    except problems.ProblemError as exc:
        return _dumps(exc.reply())
    return _dumps(await invoke(str(name), req))


# Backups travel as browser File/Blob objects (structured-cloned between the page and the
# worker), never as strings through the UI: a large school's backup is ~19 MB of JSON, more
# than the MicroPython UI should ever hold.

async def restore_file(file: Any) -> str:
    """Restore from a File the user picked (read here, in the worker)."""
    try:
        text = str(await file.text())
        name = str(file.name)
    except Exception as exc:  # noqa: BLE001
        return _dumps(P.CADANGAN_TIDAK_TERBACA.error(
            reason=f"Berkas cadangan tidak bisa dibaca: {exc}", problems=[]).reply())
    return _dumps(await invoke("restore_backup", {"text": text, "filename": name}))


async def export_file(_request: str = "{}") -> Any:  # pragma: no cover - browser only
    """Export the backup as a Blob; returns a JS object {ok, filename, blob, message}."""
    from js import Blob, Object
    from pyodide.ffi import to_js

    res = await invoke("export_backup", {})
    out: dict[str, Any] = {"ok": bool(res.get("ok")), "message": res.get("message") or ""}
    if res.get("ok"):
        out["filename"] = res.get("filename") or "cadangan.json"
        out["blob"] = Blob.new(to_js([res["text"]]), to_js({"type": "application/json"},
                                                           dict_converter=Object.fromEntries))
    return to_js(out, dict_converter=Object.fromEntries)


#: the calls whose reply is a file (FileReply): `excel_file` answers them as a Blob
FILE_CALLS = ("list_xlsx", "findings_xlsx", "import_template", "confirmation_xlsx")


async def excel_file(request: Any = "{}") -> Any:  # pragma: no cover - browser only
    """An "Unduh Excel": `{"call": one of FILE_CALLS, ...its request}` -> a JS object
    {ok, filename, blob, rows, message}; the bytes go straight into the Blob."""
    import base64

    from js import Blob, Object, Uint8Array
    from pyodide.ffi import to_js

    try:
        req = _parse(request)
    except problems.ProblemError as exc:
        res: dict[str, Any] = exc.reply()
    else:
        name = str(req.pop("call", ""))
        res = await invoke(name, req) if name in FILE_CALLS else \
            P.PANGGILAN_TIDAK_DIKENAL.error(call=name).reply()
    out: dict[str, Any] = {"ok": bool(res.get("ok")), "message": res.get("message") or "",
                           "code": res.get("code") or ""}
    if res.get("ok"):
        data = base64.b64decode(res["content_b64"])
        arr = Uint8Array.new(len(data))
        arr.assign(data)
        out.update(filename=res["filename"], rows=res.get("rows", 0),
                   blob=Blob.new(to_js([arr]), to_js({"type": res["mime"]},
                                                     dict_converter=Object.fromEntries)))
    return to_js(out, dict_converter=Object.fromEntries)


async def import_file(file: Any, record_type: str = "peserta_didik") -> str:  # pragma: no cover
    """Impor dari Excel: read the File the user picked here, in the worker, and answer the
    preview (`import_preview`) as JSON text."""
    import base64

    try:
        data = (await file.arrayBuffer()).to_bytes()
        name = str(file.name)
    except Exception as exc:  # noqa: BLE001
        return _dumps(P.EXCEL_TIDAK_TERBACA.error(reason=f"Berkas tidak bisa dibaca: {exc}").reply())
    return _dumps(await invoke("import_preview", {
        "type": str(record_type), "filename": name,
        "content_b64": base64.b64encode(data).decode("ascii")}))
