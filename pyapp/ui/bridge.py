# The UI's only door to the engine worker. Every call crosses as a JSON string and runs
# under a timeout, because a worker that failed to start never answers.
import asyncio
import json

from pyscript import window, workers

ENGINE = "engine"
START_TIMEOUT_S = 90  # a slow school PC on a cold cache can need this long
CALL_TIMEOUT_S = 30

_engine = None
_errors = []


def _on_error(event):
    # Errors PyScript reports while starting the worker (a wheel 404, a bad config).
    msg = ""
    try:
        msg = str(event.reason) if hasattr(event, "reason") else str(event.message)
    except Exception:  # noqa: BLE001
        msg = "kesalahan tidak dikenal"
    _errors.append(msg)


window.addEventListener("error", _on_error)
window.addEventListener("unhandledrejection", _on_error)
window.addEventListener("py:error", _on_error)


def recent_errors():
    return list(_errors)


async def _get_worker():
    return await workers[ENGINE]


async def _settle(promise):
    # MicroPython's wait_for wants a coroutine, not a JS promise.
    return await promise


async def connect(on_tick=None):
    """Wait for the worker and ping it. Returns the ping result, or {"ok": False, ...}."""
    global _engine
    started = window.performance.now()
    done = {"flag": False}

    async def ticker():
        while not done["flag"]:
            await asyncio.sleep(0.5)
            if on_tick and not done["flag"]:
                on_tick(int((window.performance.now() - started) / 1000))

    tick = asyncio.create_task(ticker())
    try:
        try:
            _engine = await asyncio.wait_for(_get_worker(), START_TIMEOUT_S)
        except asyncio.TimeoutError:
            return _failure("Mesin Python tidak selesai dimuat dalam %d detik." % START_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - a failed worker start rejects the promise
            _errors.append(_js_error_text(exc))
            return _failure("Mesin Python gagal dimulai.")
        try:
            text = await asyncio.wait_for(_settle(_engine.ping("{}")), 15)
        except asyncio.TimeoutError:
            return _failure("Mesin Python tidak menjawab.")
        except Exception as exc:  # noqa: BLE001 - JS errors arrive as generic exceptions
            return _failure("Mesin Python gagal: %s" % exc)
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


async def call(name, payload=None, timeout=CALL_TIMEOUT_S):
    """Call an exported engine function with a JSON payload; returns the decoded answer."""
    if _engine is None:
        raise RuntimeError("mesin belum siap")
    fn = getattr(_engine, name)
    text = await asyncio.wait_for(_settle(fn(json.dumps(payload or {}))), timeout)
    return json.loads(str(text))
