# Beranda: school identity, PD per tingkat (L/P chart), validation status, backup and sync.
from ui import asking, bridge, dom, router, state, validating

PRESETS = [("small", "SD kecil (±120 PD)"), ("medium", "SMP sedang (±600 PD)"),
           ("large", "SMK besar (±3000 PD)"), ("sd-k13", "SD Kurikulum 2013"),
           ("smp-k13", "SMP Kurikulum 2013"), ("sma", "SMA Kurikulum Merdeka"),
           ("sma-k13", "SMA Kurikulum 2013"), ("smk-k13", "SMK Kurikulum 2013"), ("slb", "SDLB")]


async def render(_parts):
    main = dom.main_area()
    data = await bridge.call("dashboard")
    dom.clear(main)
    if not data.get("school"):
        main.append(_empty_card())
        return
    school = data["school"]
    state.app["school"] = school
    head = dom.el("section", cls="card", testid="beranda")
    dom.add(head, dom.el("h1", text=school.get("nama") or "Sekolah"))
    kv = dom.el("dl", cls="kv")
    for label, value in (("NPSN", school.get("npsn")),
                         ("Bentuk", school.get("bentuk_label") or school.get("bentuk")),
                         ("Semester", school.get("semester") or school.get("semester_id"))):
        dom.add(kv, dom.el("dt", text=label), dom.el("dd", text=value or "-"))
    head.append(kv)
    main.append(head)
    grid = dom.el("div", cls="grid2")
    grid.append(_chart_card(data.get("pd_per_tingkat") or []))
    grid.append(_status_card(data.get("summary") or {}))
    main.append(grid)
    info = dom.el("section", cls="card")
    kv = dom.el("dl", cls="kv")
    dom.add(kv, dom.el("dt", text="Cadangan terakhir"),
            dom.el("dd", text=_when(data.get("last_backup")), testid="last-backup"),
            dom.el("dt", text="Sinkronisasi terakhir"),
            dom.el("dd", text=_when(data.get("last_sync")), testid="last-sync"))
    dom.add(info, dom.el("h2", text="Cadangan & sinkronisasi"), kv)
    main.append(info)


def _when(iso):
    if not iso:
        return "belum pernah"
    return str(iso).replace("T", " ")[:16]


def _empty_card():
    card = dom.el("section", cls="card", testid="beranda")
    dom.add(card, dom.el("h1", text="Selamat datang"),
            dom.el("p", text="Belum ada data sekolah di komputer ini. Muat data contoh untuk "
                             "mencoba aplikasi, atau pulihkan cadangan dari menu Pengaturan."))
    card.append(sample_form())
    return card


def sample_form():
    box = dom.el("div", cls="row")
    select = dom.el("select", testid="sample-preset", aria_label="Jenis sekolah contoh")
    for value, label in PRESETS:
        select.append(dom.el("option", text=label, value=value))
    errors = dom.el("select", testid="sample-errors", aria_label="Kesalahan contoh")
    for value, label in (("0", "tanpa kesalahan"), ("10", "dengan 10 kesalahan")):
        errors.append(dom.el("option", text=label, value=value))
    status = dom.el("span", cls="muted", testid="sample-status", role="status")

    async def load(_e):
        if not await asking.confirm_replace("Memuat data contoh"):
            status.textContent = "Data contoh tidak dimuat; data tidak berubah."
            return
        btn.disabled = True
        status.textContent = "Membuat data contoh…"
        res = await bridge.call("load_sample", {
            "preset": str(select.value), "seed": 1, "errors": int(str(errors.value)),
            "base_url": bridge.base_url()})
        btn.disabled = False
        if not res.get("ok"):
            status.textContent = bridge.message_of(res, "Gagal membuat data contoh.")
            return
        status.textContent = ""
        dom.toast("Data contoh dimuat.")
        router.go("beranda")

    btn = dom.button("Muat data contoh", load, testid="btn-muat-contoh")
    dom.add(box, select, errors, btn, status)
    return box


def _chart_card(rows):
    card = dom.el("section", cls="card", testid="chart-pd")
    card.append(dom.el("h2", text="Peserta didik per tingkat"))
    biggest = 1
    for r in rows:
        biggest = max(biggest, int(r.get("L", 0)) + int(r.get("P", 0)))
    for r in rows:
        line = dom.el("div", cls="bar-row")
        male, female = int(r.get("L", 0)), int(r.get("P", 0))
        bar = dom.el("div", cls="bar", role="img",
                     aria_label="Tingkat %s: %d laki-laki, %d perempuan" % (r.get("tingkat"), male, female))
        seg_l = dom.el("span", cls="seg-l")
        seg_l.style.width = "%d%%" % (100 * male // biggest)
        seg_p = dom.el("span", cls="seg-p")
        seg_p.style.width = "%d%%" % (100 * female // biggest)
        dom.add(bar, seg_l, seg_p)
        dom.add(line, dom.el("span", text="Tingkat %s" % r.get("tingkat"), cls="bar-label"), bar,
                dom.el("span", text="L %d · P %d" % (male, female), cls="bar-value"))
        card.append(line)
    if not rows:
        card.append(dom.el("p", text="Belum ada peserta didik.", cls="muted"))
    return card


def _status_card(summary):
    card = dom.el("section", cls="card", testid="status-validasi")
    card.append(dom.el("h2", text="Status validasi"))
    if validating.running():
        card.append(dom.el("p", text=validating.note(), cls="muted", testid="validasi-berjalan"))
    table = dom.el("table", cls="table compact")
    head = dom.el("tr")
    dom.add(head, dom.el("th", text="Tab", scope="col"), dom.el("th", text="Invalid", scope="col"),
            dom.el("th", text="Peringatan", scope="col"))
    table.append(head)
    for tab, slug in state.TAB_SLUGS:
        counts = summary.get(tab) or {}
        row = dom.el("tr")
        link = dom.el("a", text=tab, href="#/validasi/" + slug)
        inv = int(counts.get("invalid", 0))
        dom.add(row, dom.add(dom.el("td"), link),
                dom.el("td", text=str(inv), cls="bad" if inv else "ok"),
                dom.el("td", text=str(counts.get("warning", 0))))
        table.append(row)
    card.append(table)
    return card
