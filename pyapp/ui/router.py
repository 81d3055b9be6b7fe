# Hash routes: #/beranda, #/tab/<slug>[/<type>], #/rekam/<type>/<id>[/<field>],
# #/validasi[/<slug>], #/pengaturan. Each view module exposes `async render(parts)`.
import asyncio

import js

from ui import dom

_views = {}
_current = {"token": 0}
_lock = asyncio.Lock()  # one view renders at a time; the latest navigation wins


def register(name, render):
    _views[name] = render


def go(path):
    target = "#/" + path
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


async def _render_now(token):
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
    js.window.addEventListener("hashchange", lambda _e: asyncio.create_task(_render()))
    asyncio.create_task(_render())
