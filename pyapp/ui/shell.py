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
        item.setAttribute("title", "Tersedia setelah mesin siap")
        nav.append(item)
    nav.append(dom.el("div", cls="nav-foot muted", testid="engine-info"))
    boot_step(1, "antarmuka siap")


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
    set_status("loading", "Memuat mesin Python… %d d" % seconds)


def set_status(state, text):
    status = dom.by_id("engine-status")
    status.setAttribute("data-state", state)
    status.textContent = text


def engine_ready(info):
    set_status("ready", "Mesin siap")
    foot = dom.document.querySelector('[data-testid="engine-info"]')
    dom.clear(foot)
    for label, key in (("Python", "python"), ("Pyodide", "pyodide"), ("pydantic", "pydantic"),
                       ("Aplikasi", "app")):
        row = dom.el("div")
        dom.add(row, dom.el("span", text=label + " "),
                dom.el("span", text=info.get(key) or "-", testid="engine-" + key))
        foot.append(row)


def engine_failed(message, detail):
    set_status("error", "Mesin gagal dimuat")
    main = dom.by_id("main")
    dom.clear(main)
    card = dom.el("section", cls="card error-box", testid="engine-error", role="alert")
    card.append(dom.el("h1", text="Mesin Python gagal dimuat"))
    card.append(dom.el("p", text=message, testid="engine-error-message"))
    card.append(dom.el("p", text="Coba muat ulang halaman. Jika tetap gagal, kirim keterangan "
                                 "di bawah ini kepada pengelola aplikasi.", cls="muted"))
    card.append(dom.el("pre", text=detail, testid="engine-error-detail"))
    card.append(dom.button("Muat ulang", lambda _e: dom.js.location.reload()))
    main.append(card)
