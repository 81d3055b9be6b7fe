# The UI's entry point: runs in MicroPython on the main thread (PyScript `mpy`).
# It only renders and reacts; all work happens in the engine worker (see ui/bridge.py).
import asyncio
import json

from pyscript import window

from ui import bridge, shell, sw

T0 = window.performance.now()


async def start():
    shell.render_shell()
    window.document.body.setAttribute("data-ui", "ready")
    window.performance.mark("pyapp-shell")
    shell.boot_step(2, "memuat mesin Python (Pyodide) di latar belakang")
    info = await bridge.connect(on_tick=shell.boot_tick)
    if info.get("ok"):
        window.performance.mark("pyapp-engine-ready")
        # Register the service worker only now: its precache then revalidates what the
        # browser just downloaded (cheap 304s) instead of competing with the cold start.
        sw.register()
        window.console.log("engine timings " + json.dumps(info.get("timings")))
        shell.engine_ready(info)
    else:
        shell.engine_failed(info.get("error", "tidak diketahui"), info.get("detail", ""))


asyncio.create_task(start())
