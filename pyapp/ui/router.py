# Hash routes: #/beranda, #/tab/<slug>[/<type>], #/rekam/<type>/<id>[/<field>],
# #/validasi[/<slug>], #/pengaturan. Each view module exposes `async render(parts)`.
import asyncio

import js

from ui import dom

_views = {}
_current = {"token": 0, "hash": None}
#: The open view's unsaved-edits check: a function answering the question to ask, or None.
_guard = {"check": None}
LEAVE_QUESTION = "Ada isian yang belum disimpan. Tinggalkan formulir ini tanpa menyimpan?"


def set_guard(check):
    _guard["check"] = check


def may_leave():
    """True when nothing unsaved would be lost, or the user agreed to drop it."""
    check = _guard["check"]
    question = check() if check else None
    if question and not js.window.confirm(question):
        return False
    _guard["check"] = None
    return True
_lock = asyncio.Lock()  # one view renders at a time; the latest navigation wins


def register(name, render):
    _views[name] = render


def go(path):
    target = "#/" + path
    if not may_leave():
        return
    if str(js.location.hash) == target:
        asyncio.create_task(_render())
    else:
        js.location.hash = target


def parts():
    h = str(js.location.hash or "")
    if h.startswith("#/"):
        h = h[2:]
    return [p for p in h.split("/") if p] or ["beranda"]


async def _render():
    _current["token"] += 1
    token = _current["token"]
    async with _lock:
        if token != _current["token"]:
            return  # a newer navigation is queued behind us
        await _render_now(token)


def _on_hashchange(_e):
    now = str(js.location.hash or "")
    if now == _current["hash"]:
        return  # we put the hash back after the user chose to stay
    if _guard["check"] and not may_leave():
        js.location.hash = _current["hash"] or "#/beranda"
        return
    asyncio.create_task(_render())


def _before_unload(evt):
    check = _guard["check"]
    if check and check():
        evt.preventDefault()
        evt.returnValue = ""


async def _render_now(token):
    _current["hash"] = str(js.location.hash or "")
    _guard["check"] = None
    p = parts()
    view = _views.get(p[0]) or _views.get("beranda")
    _mark_nav(p)
    main = dom.main_area()
    dom.clear(main)  # never leave the previous view's controls usable while this one loads
    main.append(dom.el("p", text="Memuat…", cls="muted", testid="view-loading", role="status"))
    try:
        await view(p)
    except Exception as exc:  # noqa: BLE001 - show, never die silently
        if token == _current["token"]:
            main = dom.main_area()
            dom.clear(main)
            box = dom.el("section", cls="card error-box", role="alert", testid="view-error")
            dom.add(box, dom.el("h1", text="Halaman gagal dimuat"),
                    dom.el("p", text=str(exc)))
            main.append(box)


def _mark_nav(p):
    key = p[0] if p[0] != "tab" else (p[1] if len(p) > 1 else "")
    if p[0] == "rekam" and len(p) > 1:
        from ui import state

        key = state.SLUG_OF.get(state.type_info(p[1])["tab"], "")
    for node in js.document.querySelectorAll("#nav button"):
        testid = str(node.getAttribute("data-testid"))
        if testid == "nav-" + key:
            node.setAttribute("aria-current", "page")
        else:
            node.removeAttribute("aria-current")


def start():
    js.window.addEventListener("hashchange", _on_hashchange)
    js.window.addEventListener("beforeunload", _before_unload)
    asyncio.create_task(_render())
