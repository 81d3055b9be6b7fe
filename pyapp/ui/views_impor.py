# Impor dari Excel (peserta didik, GTK): the template to fill, then a preview the engine makes
# of every row (new / changed / invalid, each problem at its cell) before anything is saved;
# "Simpan" saves the valid rows in one go, "Batal" saves nothing.
import json

from ui import bridge, dom, excel, state

STATUS_TEXT = {"new": "Baru", "changed": "Diubah", "invalid": "Invalid"}


async def render(parts):
    record_type = parts[1] if len(parts) > 1 else "peserta_didik"
    info = state.type_info(record_type)
    slug = state.SLUG_OF.get(info["tab"], "sekolah")
    main = dom.main_area()
    dom.clear(main)
    card = dom.el("section", cls="card", testid="impor-excel")
    back = dom.el("a", text="‹ Kembali ke daftar", href="#/tab/%s/%s" % (slug, record_type))
    dom.add(card, back, dom.el("h1", text="Impor %s dari Excel" % info["label"]))
    status = dom.el("p", cls="muted", testid="impor-status", role="status")
    template_status = dom.el("span", cls="muted", role="status")
    template = excel.button("import_template", lambda: {"type": record_type}, template_status,
                            label="Unduh templat", testid="btn-unduh-templat")
    picker = dom.el("input", type="file", id="impor-berkas", testid="impor-berkas",
                    accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    label = dom.el("label", text="Pilih berkas yang sudah diisi (.xlsx): ")
    label.setAttribute("for", "impor-berkas")
    steps = dom.el("ol", cls="steps")
    dom.add(steps,
            dom.add(dom.el("li"), dom.el("span", text="Unduh templat, lalu isi satu data per "
                                                      "baris tanpa mengubah judul kolom. "),
                    template, template_status),
            dom.add(dom.el("li"), label, picker),
            dom.el("li", text="Periksa pratinjau: belum ada yang disimpan sampai Anda menekan "
                              "Simpan."))
    preview = dom.el("div", testid="impor-pratinjau")
    dom.add(card, steps, status, preview)
    main.append(card)

    async def picked(_e):
        files = picker.files
        if not files or files.length == 0:
            return
        f = files.item(0)
        dom.clear(preview)
        status.className = "muted"
        status.textContent = "Memeriksa %s…" % f.name
        raw, err = await bridge.call_raw("import_file", f, record_type)
        res = bridge.failure("engine.gagal_dijalankan", err) if err else json.loads(str(raw))
        if not res.get("ok"):
            status.className = "error"
            status.textContent = bridge.message_of(res, "Berkas tidak bisa diperiksa.")
            picker.value = ""
            return
        status.textContent = "Pratinjau %s: belum ada data yang disimpan." % res.get("filename")
        _preview(preview, res, status, picker, slug, record_type)

    dom.on(picker, "change", picked)


def _summary(counts):
    total = sum(int(v) for v in counts.values())
    parts = ["%s baru" % dom.number(counts.get("new", 0)),
             "%s diubah" % dom.number(counts.get("changed", 0))]
    if counts.get("same"):
        parts.append("%s tidak berubah" % dom.number(counts["same"]))
    parts.append("%s invalid" % dom.number(counts.get("invalid", 0)))
    return "%s baris: %s." % (dom.number(total), ", ".join(parts))


def _preview(holder, res, status, picker, slug, record_type):
    counts = res.get("counts") or {}
    holder.append(dom.el("p", text=_summary(counts), testid="impor-ringkasan",
                         cls="bad" if counts.get("invalid") else None))
    if res.get("ignored_columns"):
        holder.append(dom.el("p", cls="muted", text="Kolom yang tidak dikenal dan diabaikan: "
                             + ", ".join(res["ignored_columns"])))
    table = dom.el("table", cls="table", testid="impor-tabel")
    head = dom.el("tr")
    for title in ("Baris", "Nama", "Status", "Keterangan"):
        head.append(dom.el("th", text=title, scope="col"))
    table.append(dom.add(dom.el("thead"), head))
    body = dom.el("tbody")
    for row in res.get("rows") or []:
        st = row.get("status")
        tr = dom.el("tr", testid="impor-baris-%s" % row.get("row"))
        tr.setAttribute("data-status", st)
        note = dom.el("td")
        if st == "invalid":
            items = dom.el("ul", cls="plain")
            for e in row.get("errors") or []:
                items.append(dom.el("li", text="%s: %s" % (e.get("cell"), e.get("message"))))
            note.append(items)
        elif st == "changed":
            note.textContent = "Diubah: " + ", ".join(row.get("changes") or [])
        else:
            note.textContent = "Data baru"
        dom.add(tr, dom.el("td", text=str(row.get("row"))), dom.el("td", text=row.get("label")),
                dom.el("td", text=STATUS_TEXT.get(st, st), cls="bad" if st == "invalid" else None),
                note)
        body.append(tr)
    table.append(body)
    holder.append(dom.add(dom.el("div", cls="table-scroll"), table))
    saving = int(counts.get("new", 0)) + int(counts.get("changed", 0))
    if counts.get("invalid"):
        holder.append(dom.el("p", cls="muted", text="Baris invalid tidak ikut disimpan. Perbaiki "
                             "di berkas lalu impor lagi untuk menambahkannya."))
    bar = dom.el("div", cls="actions")

    async def save(_e):
        save_btn.disabled = True
        cancel_btn.disabled = True
        done = await bridge.call("import_commit", {"token": res.get("token")})
        dom.clear(holder)
        picker.value = ""
        if not done.get("ok"):
            status.className = "error"
            status.textContent = bridge.message_of(done, "Impor gagal disimpan.")
            return
        status.className = "ok"
        text = "Tersimpan: %s data baru, %s diubah." % (dom.number(done.get("created", 0)),
                                                       dom.number(done.get("updated", 0)))
        if done.get("skipped"):
            text += " %s baris invalid tidak disimpan." % dom.number(done["skipped"])
        status.textContent = text
        holder.append(dom.el("a", text="Lihat daftar", href="#/tab/%s/%s" % (slug, record_type)))
        dom.toast("Impor tersimpan.")

    async def cancel(_e):
        await bridge.call("import_cancel")
        dom.clear(holder)
        picker.value = ""
        status.className = "muted"
        status.textContent = "Impor dibatalkan; tidak ada data yang disimpan."

    save_btn = dom.button("Simpan %s data" % dom.number(saving), save, testid="btn-impor-simpan",
                          disabled=saving == 0)
    cancel_btn = dom.button("Batal", cancel, cls="btn secondary", testid="btn-impor-batal")
    dom.add(bar, save_btn, cancel_btn)
    holder.append(bar)
