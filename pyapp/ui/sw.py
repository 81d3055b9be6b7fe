# Service worker registration, the "new version available" banner, and the plain statement
# of whether the app works without internet yet (data-testid="offline-status").
from pyscript import window

from ui import dom

_offline = {"ready": False}
TEXTS = {
    "checking": "Menyiapkan salinan tanpa internet…",
    "ready": "Siap dipakai tanpa internet",
    "offline": "Sedang offline — data tersimpan di komputer ini",
    "offline-unready": "Sedang offline — salinan tanpa internet belum lengkap",
    "unsupported": "Peramban ini tidak dapat menyimpan salinan tanpa internet",
}


def _show(state):
    pill = dom.by_id("offline-status")
    if pill:
        pill.setAttribute("data-state", state)
        pill.textContent = TEXTS[state]


def _refresh(_e=None):
    online = bool(window.navigator.onLine)
    if online:
        _show("ready" if _offline["ready"] else "checking")
    else:
        _show("offline" if _offline["ready"] else "offline-unready")


def watch():
    """Follow the browser's online/offline state from now on (called at start-up)."""
    window.addEventListener("online", _refresh)
    window.addEventListener("offline", _refresh)
    _refresh()


def register():
    nav = window.navigator
    if not hasattr(nav, "serviceWorker") or not nav.serviceWorker:
        _show("unsupported")
        return
    promise = nav.serviceWorker.register("./sw.js")
    promise.then(_registered, _failed)
    # `ready` settles once a worker is active, i.e. its precache of the whole app is complete:
    # from then on, closing the tab leaves a copy that starts without internet.
    nav.serviceWorker.ready.then(_became_ready)


def _became_ready(_reg):
    _offline["ready"] = True
    _refresh()


def _failed(err):
    window.console.warn("Service worker gagal didaftarkan:", err)
    _show("unsupported")


def _registered(reg):
    if reg.waiting:
        _offer_update(reg)

    def on_update(_evt):
        installing = reg.installing
        if not installing:
            return

        def on_state(_e):
            if installing.state == "installed" and window.navigator.serviceWorker.controller:
                _offer_update(reg)

        installing.addEventListener("statechange", on_state)

    reg.addEventListener("updatefound", on_update)


def _offer_update(reg):
    def apply(_evt):
        if reg.waiting:
            reg.waiting.postMessage("SKIP_WAITING")
        window.navigator.serviceWorker.addEventListener("controllerchange", lambda _e: window.location.reload())

    banner = dom.el("div", cls="banner", testid="update-banner", role="status")
    banner.append(dom.el("span", text="Versi baru aplikasi sudah diunduh dan siap dipakai."))
    btn = dom.el("button", text="Muat ulang sekarang", cls="btn secondary", testid="btn-update")
    btn.addEventListener("click", apply)
    banner.append(btn)
    window.document.body.prepend(banner)
