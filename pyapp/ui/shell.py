# The application shell: navigation, start-up progress, engine status, error screen.
from ui import dom

NAV = [
    ("beranda", "Beranda", "beranda"),
    ("sekolah", "Sekolah", "tab/sekolah"),
    ("sarpras", "Sarpras", "tab/sarpras"),
    ("gtk", "GTK", "tab/gtk"),
    ("peserta-didik", "Peserta Didik", "tab/peserta-didik"),
    ("rombel", "Rombongan Belajar", "tab/rombel"),
    ("pembelajaran", "Pembelajaran", "tab/pembelajaran"),
    ("nilai", "Nilai", "tab/nilai"),
    ("validasi", "Validasi", "validasi"),
    ("sinkronisasi", "Sinkronisasi", "sinkronisasi"),
    ("pengaturan", "Pengaturan", "pengaturan"),
]

_step_label = {"text": ""}


def render_shell():
    nav = dom.by_id("nav")
    dom.clear(nav)
    for key, label, _route in NAV:
        item = dom.el("button", text=label, testid="nav-" + key, type="button")
        item.setAttribute("aria-disabled", "true")
        item.setAttribute("title", "Tersedia setelah aplikasi siap")
        nav.append(item)
    foot = dom.el("details", cls="nav-foot muted")
    dom.add(foot, dom.el("summary", text="Info teknis"),
            dom.el("div", testid="engine-info"))
    nav.append(foot)
    _menu_toggle(nav)
    _offline_pill()
    boot_step(1, "antarmuka siap")


def _menu_toggle(nav):
    """On a phone the menu folds away behind a "Menu" button (CSS shows it below 800 px)."""
    if dom.by_id("btn-menu"):
        return
    btn = dom.el("button", text="☰ Menu", cls="menu-toggle", testid="btn-menu", type="button",
                 aria_controls="nav", aria_expanded="false")
    btn.id = "btn-menu"
    layout = nav.parentElement

    def toggle(_e):
        open_now = "nav-open" not in str(layout.className)
        layout.classList.toggle("nav-open", open_now)
        btn.setAttribute("aria-expanded", "true" if open_now else "false")

    def close(evt):
        if str(evt.target.tagName).lower() == "button":
            layout.classList.remove("nav-open")
            btn.setAttribute("aria-expanded", "false")

    dom.on(btn, "click", toggle)
    dom.on(nav, "click", close)
    brand = dom.document.querySelector(".topbar .brand")
    brand.parentElement.insertBefore(btn, brand)


def _offline_pill():
    """Whether this app works without internet yet (ui/sw.py keeps it up to date)."""
    if dom.by_id("offline-status"):
        return
    pill = dom.el("div", cls="offline-status", testid="offline-status", role="status",
                  data_state="checking", text="Memeriksa salinan tanpa internet…")
    pill.id = "offline-status"
    right = dom.document.querySelector(".topbar-right")
    right.insertBefore(pill, right.firstChild)


def enable_nav(go):
    for key, _label, route in NAV:
        node = dom.document.querySelector('[data-testid="nav-%s"]' % key)
        node.removeAttribute("aria-disabled")
        node.removeAttribute("title")
        dom.on(node, "click", lambda _e, r=route: go(r))


def boot_step(n, text):
    _step_label["text"] = "Langkah %d dari 3: %s" % (n, text)
    step = dom.by_id("boot-step")
    if not step:
        return
    step.textContent = _step_label["text"]
    bar = dom.by_id("boot-bar")
    bar.style.width = "%d%%" % (20 + 35 * (n - 1))
    bar.parentElement.setAttribute("aria-valuenow", str(n))


def boot_tick(seconds):
    step = dom.by_id("boot-step")
    if step:
        step.textContent = "%s… %d detik" % (_step_label["text"], seconds)
    set_status("loading", "Memuat aplikasi… %d d" % seconds)


def set_status(state, text):
    status = dom.by_id("engine-status")
    status.setAttribute("data-state", state)
    status.textContent = text


def engine_ready(info):
    set_status("ready", "Aplikasi siap")
    foot = dom.document.querySelector('[data-testid="engine-info"]')
    dom.clear(foot)
    for label, key in (("Python", "python"), ("Pyodide", "pyodide"), ("pydantic", "pydantic"),
                       ("Aplikasi", "app")):
        row = dom.el("div")
        dom.add(row, dom.el("span", text=label + " "),
                dom.el("span", text=info.get(key) or "-", testid="engine-" + key))
        foot.append(row)


def engine_failed(message, detail):
    set_status("error", "Aplikasi gagal dimuat")
    main = dom.by_id("main")
    dom.clear(main)
    card = dom.el("section", cls="card error-box", testid="engine-error", role="alert")
    card.append(dom.el("h1", text="Aplikasi gagal dimuat"))
    card.append(dom.el("p", text=message, testid="engine-error-message"))
    card.append(dom.el("p", text="Coba muat ulang halaman. Jika tetap gagal, kirim keterangan "
                                 "di bawah ini kepada pengelola aplikasi.", cls="muted"))
    tech = dom.el("details", cls="tech")
    dom.add(tech, dom.el("summary", text="Info teknis"),
            dom.el("pre", text=detail, testid="engine-error-detail"))
    card.append(tech)
    card.append(dom.button("Muat ulang", lambda _e: dom.js.location.reload()))
    main.append(card)
