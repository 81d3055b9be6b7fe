# The UI's entry point: runs in MicroPython on the main thread (PyScript `mpy`).
# It only renders and reacts; all work happens in the engine worker (see ui/bridge.py).
# The shell is already painted by ui/paint.py (static/ui-boot.mjs imports it as soon as the
# interpreter is up, with the UI's modules); importing it here is a no-op then.
import asyncio
import json

import js

from ui import paint  # noqa: F401
from ui import (
    bridge, router, shell, state, sw, validating, views_form, views_home, views_impor,
    views_list,
    views_settings, views_sync, views_validasi,
)


async def start():
    sw.watch()
    shell.boot_step(2, "menyiapkan aplikasi di latar belakang")
    info = await bridge.connect(on_tick=shell.boot_tick)
    if not info.get("ok"):
        shell.engine_failed(info.get("error", "tidak diketahui"), info.get("detail", ""))
        return
    js.performance.mark("pyapp-engine-ready")
    js.console.log("engine timings " + json.dumps(info.get("timings")))
    shell.engine_ready(info)
    # Register the service worker only now: its precache then revalidates what the
    # browser just downloaded (cheap 304s) instead of competing with the cold start.
    sw.register()
    shell.boot_step(3, "membuka data sekolah di peramban ini")
    js.performance.mark("pyapp-types-start")
    types = await bridge.call("record_types")
    state.app["record_types"] = types if isinstance(types, list) else []
    # The engine answers once the records are read; the nilai and Validasi Lokal follow
    # after the first page (ui/validating.py says so and refreshes the counts).
    js.performance.mark("pyapp-open-start")
    opened = await bridge.call("open", {"base_url": bridge.base_url(), "defer_validation": True})
    js.performance.mark("pyapp-open-done")
    if opened.get("ok") is False:
        shell.engine_failed("Data lokal tidak bisa dibuka.", bridge.message_of(opened))
        return
    state.app["school"] = opened.get("school")
    js.document.body.setAttribute("data-open-ms", json.dumps(opened.get("ms") or {}))
    # What opening found: stored records the models refuse, and a format upgrade it ran.
    js.document.body.setAttribute("data-load-problems", str(len(opened.get("load_problems") or [])))
    js.document.body.setAttribute("data-upgraded", json.dumps(opened.get("upgraded")))
    js.document.body.setAttribute("data-read-ahead", json.dumps(bool(opened.get("read_ahead"))))
    _ask_persistent_storage()
    validating.start(opened)
    state.app["ready"] = True
    js.performance.mark("pyapp-data-ready")
    for name, view in (("beranda", views_home.render), ("tab", views_list.render),
                       ("rekam", views_form.render), ("validasi", views_validasi.render),
                       ("pengaturan", views_settings.render), ("sinkronisasi", views_sync.render),
                       ("impor", views_impor.render)):
        router.register(name, view)
    shell.enable_nav(router.go)
    router.start()


def _ask_persistent_storage():
    # Workers cannot call persist(): ask here so the browser does not evict the school's data.
    storage = getattr(js.navigator, "storage", None)
    if storage and hasattr(storage, "persist"):
        storage.persist()


asyncio.create_task(start())
