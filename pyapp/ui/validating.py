# Validasi Lokal still running after the open (the engine answered it before validating, so the
# first page shows at once): the top bar says so, the views that show its counts say where
# their numbers come from, and they are refreshed when the engine has finished.
import asyncio
import json

import js

from ui import bridge, dom, router, state

#: Where the counts shown meanwhile come from (the engine's summary_state).
ORIGIN = {
    "stored": "angka yang tampil dari validasi terakhir",
    "stale": "angka yang tampil dari validasi sebelum perubahan terakhir",
    "none": "angka validasi belum ada",
}
WAIT_S = 600  # a large school on a slow computer; the engine answers as soon as it is done
DONE_SHOWN_S = 8  # how long the top bar says the validation has finished


def running():
    return bool(state.app.get("validating"))


def note():
    """One sentence for a view that shows validation counts while the validation runs."""
    return "Validasi Lokal sedang berjalan; %s." % ORIGIN.get(
        state.app.get("summary_state"), ORIGIN["stored"])


def start(opened):
    """After the open: show the status and wait for the engine's validation in the background."""
    if not opened.get("validating"):
        return
    state.app["validating"] = True
    state.app["summary_state"] = opened.get("summary_state")
    _pill("running", "Validasi Lokal berjalan…", note())
    asyncio.create_task(_wait())


def _pill(state_name, text, title):
    pill = dom.by_id("validation-status")
    if not pill:
        pill = dom.el("div", cls="validation-status", testid="validation-status", role="status")
        pill.id = "validation-status"
        right = dom.document.querySelector(".topbar-right")
        right.insertBefore(pill, right.firstChild)
    pill.setAttribute("data-state", state_name)
    pill.setAttribute("title", title)
    pill.textContent = text
    return pill


async def _wait():
    res = await bridge.call("validation", {"wait": True}, timeout=WAIT_S)
    state.app["validating"] = False
    if res.get("ok") is False:
        _pill("error", "Validasi Lokal gagal", bridge.message_of(res))
        return
    state.app["summary_state"] = res.get("summary_state")
    js.document.body.setAttribute("data-open-ms", json.dumps(res.get("ms") or {}))
    js.document.body.setAttribute("data-open-events", json.dumps(res.get("events") or []))
    js.performance.mark("pyapp-validated")
    inv = int(res.get("invalid", 0))
    pill = _pill("done", "Validasi selesai: %s invalid" % dom.number(inv),
                 "Validasi Lokal selesai")
    pill.setAttribute("data-invalid", str(inv))
    await _refresh()
    await asyncio.sleep(DONE_SHOWN_S)  # later edits change the count: Beranda shows it then
    pill.hidden = True


async def _refresh():
    """The view on screen again, now with the final counts (a form already had them)."""
    where = router.parts()[0]
    if where in ("beranda", "validasi"):
        router.go("/".join(router.parts()))
    elif where == "tab":
        from ui import views_list

        await views_list.refresh()
