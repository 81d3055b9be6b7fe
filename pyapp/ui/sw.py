# Service worker registration and the "new version available" banner.
from pyscript import window

from ui import dom


def register():
    nav = window.navigator
    if not hasattr(nav, "serviceWorker") or not nav.serviceWorker:
        return
    promise = nav.serviceWorker.register("./sw.js")
    promise.then(_registered, _failed)


def _failed(err):
    window.console.warn("Service worker gagal didaftarkan:", err)


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
