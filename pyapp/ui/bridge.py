# The UI's only door to the engine worker. Every call crosses as a JSON string and runs
# under a timeout, because a worker that failed to start never answers.
import asyncio
import json

import js

ENGINE = "engine"
START_TIMEOUT_S = 90  # a slow school PC on a cold cache can need this long
CALL_TIMEOUT_S = 120  # the large sample school or a big restore takes a while

_engine = {"proxy": None}
_errors = []


def _on_error(event):
    # Errors PyScript reports while starting the worker (a wheel 404, a bad config).
    msg = ""
    try:
        msg = str(event.reason) if hasattr(event, "reason") else str(event.message)
    except Exception:  # noqa: BLE001
        msg = "kesalahan tidak dikenal"
    _errors.append(msg)


js.window.addEventListener("error", _on_error)
js.window.addEventListener("unhandledrejection", _on_error)


def base_url():
    """The app's own directory URL (the worker runs from a blob: URL and needs it)."""
    href = str(js.location.href).split("#")[0].split("?")[0]
    return href[: href.rfind("/") + 1]


async def _get_worker():
    from pyscript import workers

    return await workers[ENGINE]


async def _settle(promise):
    # MicroPython's wait_for wants a coroutine, not a JS promise.
    return await promise


async def connect(on_tick=None):
    """Wait for the worker and ping it. Returns the ping result, or {"ok": False, ...}."""
    started = js.performance.now()
    done = {"flag": False}

    async def ticker():
        while not done["flag"]:
            await asyncio.sleep(0.5)
            if on_tick and not done["flag"]:
                on_tick(int((js.performance.now() - started) / 1000))

    tick = asyncio.create_task(ticker())
    try:
        try:
            _engine["proxy"] = await asyncio.wait_for(_get_worker(), START_TIMEOUT_S)
        except asyncio.TimeoutError:
            return _failure("Mesin Python tidak selesai dimuat dalam %d detik." % START_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - a failed worker start rejects the promise
            _errors.append(_js_error_text(exc))
            return _failure("Mesin Python gagal dimulai.")
        try:
            text = await asyncio.wait_for(_settle(_engine["proxy"].ping("{}")), 15)
        except asyncio.TimeoutError:
            return _failure("Mesin Python tidak menjawab.")
        except Exception as exc:  # noqa: BLE001 - JS errors arrive as generic exceptions
            return _failure("Mesin Python gagal: %s" % _js_error_text(exc))
        return json.loads(str(text))
    finally:
        done["flag"] = True
        tick.cancel()


def _js_error_text(exc):
    # A JsException's args are (proxy, name, message); show the readable part.
    args = getattr(exc, "args", ())
    if len(args) >= 3:
        return "%s: %s" % (args[1], args[2])
    return str(exc)


def _failure(message):
    detail = "\n".join(_errors) or "Tidak ada keterangan tambahan dari peramban."
    return {"ok": False, "error": message, "detail": detail}


def failure(code, message):
    """The engine's one failure shape, for what fails on this side of the RPC (the codes
    are catalogue entries: pyapp/core/problems_engine.py)."""
    return {"ok": False, "code": code, "message": message, "hint": None, "details": {}}


def message_of(res, default=""):
    """The text to show for a failed call's answer."""
    return (res.get("message") if isinstance(res, dict) else None) or default


async def call(name, payload=None, timeout=CALL_TIMEOUT_S):
    """Call the engine: `name` is a call of the engine's contract (engine/contract.py, a test
    checks every name used here). Returns the decoded answer; a failure (the engine's, a
    timeout, a crash in the worker) comes back in the engine's one failure shape."""
    proxy = _engine["proxy"]
    if proxy is None:
        return failure("engine.belum_siap", "Mesin belum siap.")
    try:
        text = await asyncio.wait_for(_settle(proxy.call(name, json.dumps(payload or {}))), timeout)
    except asyncio.TimeoutError:
        return failure("engine.tidak_menjawab",
                       "Mesin tidak menjawab dalam %d detik (%s)." % (timeout, name))
    except Exception as exc:  # noqa: BLE001
        return failure("engine.gagal_dijalankan",
                       "Mesin gagal menjalankan %s: %s" % (name, _js_error_text(exc)))
    return json.loads(str(text))


async def call_raw(name, *args, timeout=CALL_TIMEOUT_S * 3):
    """Call with JS values (a File) and get the raw answer back (a JS object or JSON text)."""
    proxy = _engine["proxy"]
    if proxy is None:
        return None, "Mesin belum siap."
    try:
        return await asyncio.wait_for(_settle(getattr(proxy, name)(*args)), timeout), None
    except asyncio.TimeoutError:
        return None, "Mesin tidak menjawab dalam %d detik (%s)." % (timeout, name)
    except Exception as exc:  # noqa: BLE001
        return None, "Mesin gagal menjalankan %s: %s" % (name, _js_error_text(exc))


async def download(name, arg, failed):
    """Save the file an engine export answers ({ok, filename, blob}) as a browser download:
    (filename, None), or (None, why it failed; `failed` when the engine gave no reason)."""
    res, err = await call_raw(name, arg)
    if err or not res.ok:
        return None, err or str(res.message) or failed
    filename = str(res.filename)
    url = js.URL.createObjectURL(res.blob)
    link = js.document.createElement("a")
    link.href = url
    link.download = filename
    js.document.body.append(link)
    link.click()
    link.remove()
    return filename, None
