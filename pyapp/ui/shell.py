# The application shell: navigation, start-up progress, engine status, error screen.
from ui import dom

TABS = [
    ("beranda", "Beranda"),
    ("sekolah", "Sekolah"),
    ("sarpras", "Sarpras"),
    ("gtk", "GTK"),
    ("peserta-didik", "Peserta Didik"),
    ("rombel", "Rombongan Belajar"),
    ("pembelajaran", "Pembelajaran"),
    ("nilai", "Nilai"),
    ("validasi", "Validasi"),
    ("sinkronisasi", "Sinkronisasi"),
    ("pengaturan", "Pengaturan"),
]

_step_label = {"text": ""}


def render_shell():
    nav = dom.by_id("nav")
    dom.clear(nav)
    for key, label in TABS:
        item = dom.el("button", text=label, testid="nav-" + key, type="button")
        if key == "beranda":
            item.setAttribute("aria-current", "page")
        else:
            item.setAttribute("aria-disabled", "true")
            item.setAttribute("title", "Tersedia setelah mesin siap")
        nav.append(item)
    boot_step(1, "antarmuka siap")


def boot_step(n, text):
    _step_label["text"] = "Langkah %d dari 3: %s" % (n, text)
    dom.by_id("boot-step").textContent = _step_label["text"]
    bar = dom.by_id("boot-bar")
    bar.style.width = "%d%%" % (20 + 35 * (n - 1))
    bar.parentElement.setAttribute("aria-valuenow", str(n))


def boot_tick(seconds):
    dom.by_id("boot-step").textContent = "%s… %d detik" % (_step_label["text"], seconds)
    _set_status("loading", "Memuat mesin Python… %d d" % seconds)


def _set_status(state, text):
    status = dom.by_id("engine-status")
    status.setAttribute("data-state", state)
    status.textContent = text


def engine_ready(info):
    _set_status("ready", "Mesin siap")
    main = dom.by_id("main")
    dom.clear(main)
    card = dom.el("section", cls="card", testid="beranda")
    card.append(dom.el("h1", text="Beranda"))
    card.append(dom.el("p", text="Aplikasi siap dipakai, juga tanpa internet.", cls="muted"))
    kv = dom.el("dl", cls="kv", testid="engine-info")
    for label, key in (("Python", "python"), ("Pyodide", "pyodide"), ("pydantic", "pydantic"),
                       ("Versi aplikasi", "app")):
        kv.append(dom.el("dt", text=label))
        kv.append(dom.el("dd", text=info.get(key) or "-", testid="engine-" + key))
    card.append(kv)
    main.append(card)


def engine_failed(message, detail):
    _set_status("error", "Mesin gagal dimuat")
    main = dom.by_id("main")
    dom.clear(main)
    card = dom.el("section", cls="card error-box", testid="engine-error", role="alert")
    card.append(dom.el("h1", text="Mesin Python gagal dimuat"))
    card.append(dom.el("p", text=message, testid="engine-error-message"))
    card.append(dom.el("p", text="Coba muat ulang halaman. Jika tetap gagal, kirim keterangan "
                                 "di bawah ini kepada pengelola aplikasi.", cls="muted"))
    card.append(dom.el("pre", text=detail, testid="engine-error-detail"))
    btn = dom.el("button", text="Muat ulang", cls="btn", type="button")
    btn.addEventListener("click", lambda _e: dom.document.defaultView.location.reload())
    card.append(btn)
    main.append(card)
