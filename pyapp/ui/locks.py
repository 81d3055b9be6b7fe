# Web Locks: only one tab of this app sends data at a time.
import asyncio

import js

from ui import dom


async def run_exclusive(name, job):
    """Run `await job()` holding the named lock. Returns False (without running) when another
    tab holds it. Browsers without Web Locks just run the job."""
    locks = getattr(js.navigator, "locks", None)
    if not locks:
        await job()
        return True
    held = {"lock": "pending", "resolve": None}

    def executor(resolve, _reject):
        held["resolve"] = resolve

    release = js.Reflect.construct(js.Promise, js.Array.of(executor))

    def granted(lock):
        held["lock"] = lock
        return release if lock else None

    locks.request(name, dom.js_obj({"ifAvailable": True}), granted)
    while held["lock"] == "pending":
        await asyncio.sleep(0.02)
    if not held["lock"]:
        return False
    try:
        await job()
    finally:
        held["resolve"]()
    return True
