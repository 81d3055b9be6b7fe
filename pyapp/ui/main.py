# The UI's entry point: runs in MicroPython on the main thread (PyScript `mpy`).
# It only renders and reacts; all work happens in the engine worker (see ui/bridge.py).
# The shell is painted before `pyscript` itself is imported (that import alone costs
# ~200 ms of MicroPython start-up on a slow PC): only the tiny `js` module is needed for it.
import js

from ui import shell

shell.render_shell()
js.document.body.setAttribute("data-ui", "ready")
js.performance.mark("pyapp-shell")

import asyncio  # noqa: E402
import json  # noqa: E402

from pyscript import window  # noqa: E402

from ui import bridge, sw  # noqa: E402


async def start():
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
