# Anggota rombel: add a PD (found by name or NISN), remove one, move one to another rombel.
# The engine returns the whole card in one call; the pickers stay small even on a large school.
from ui import bridge, deleting, dom, state

PICK_LIMIT = 20  # PD offered at once in the "add" picker; the search narrows them


async def members_card(rombel_id):
    card = dom.el("section", cls="card", testid="anggota-rombel")
    await _fill(card, rombel_id)
    return card


async def _fill(card, rombel_id):
    dom.clear(card)
    res = await bridge.call("rombel_members", {"rombel_id": rombel_id})
    if not res.get("ok"):
        card.append(dom.el("p", cls="error",
                           text=bridge.message_of(res, "Anggota rombel tidak dapat dimuat.")))
        return
    members = res.get("items") or []
    card.append(dom.el("h2", text="Anggota rombel (%d)" % int(res.get("total", len(members)))))
    move_to = dom.el("select", aria_label="Rombel tujuan pemindahan", testid="pindah-tujuan")
    move_to.append(dom.el("option", text="— pilih rombel tujuan —", value=""))
    targets = res.get("move_to") or []
    for o in targets:
        move_to.append(dom.el("option", text=o["label"], value=o["id"]))
    if not targets:
        move_to.append(dom.el("option", text="(tidak ada rombel lain di tingkat ini)", value="",
                              disabled=True))
    move_to.id = "pindah-tujuan"
    label = dom.el("label", text="Pindahkan ke")
    label.setAttribute("for", "pindah-tujuan")
    card.append(dom.add(dom.el("div", cls="toolbar"), label, move_to))
    note = dom.el("p", cls="muted", testid="status-anggota", role="status")
    if state.app.get("rombel_flash"):
        note.textContent = state.app.pop("rombel_flash")
    card.append(note)
    table = dom.el("table", cls="table compact")
    head = dom.el("tr")
    dom.add(head, dom.el("th", text="Peserta didik", scope="col"),
            dom.el("th", text="", scope="col"))
    table.append(head)
    member_pd = set()
    for m in members:
        member_pd.add(m.get("peserta_didik_id"))
        row = dom.el("tr", testid="anggota-" + m["id"])
        link = dom.el("a", text=m.get("nama") or "",
                      href="#/rekam/peserta_didik/%s" % m.get("peserta_didik_id"))
        row.append(dom.add(dom.el("td"), link))

        nama = m.get("nama") or ""

        async def do_move(_e, mid=m["id"], nama=nama):
            target = str(move_to.value)
            if not target:
                dom.toast("Pilih dulu rombel tujuan di atas tabel.", "bad")
                return
            ask = {"anggota_rombel_id": mid, "rombel_id": target}
            out = await bridge.call("move_member", ask)
            if out.get("code") == "engine.pindah_nilai_tertinggal":
                if not dom.js.window.confirm(bridge.message_of(out) + " Lanjutkan?"):
                    return
                ask["drop"] = True
                out = await bridge.call("move_member", ask)
            if out.get("ok"):
                done = "%s dipindahkan ke %s." % (nama, out.get("rombel") or "rombel tujuan")
                if out.get("carried"):
                    done += " %d nilai ikut dipindahkan." % int(out["carried"])
                if out.get("dropped"):
                    done += " %d nilai dihapus." % int(out["dropped"])
                state.app["rombel_flash"] = done
            await _after(card, rombel_id, out, "Peserta didik dipindahkan.")

        async def do_remove(_e, mid=m["id"]):
            out = await deleting.delete_record("anggota_rombel", mid)
            if out is not None:
                await _after(card, rombel_id, out, "Peserta didik dikeluarkan dari rombel.")

        cell = dom.el("td")
        dom.add(cell, dom.button("Pindahkan", do_move, cls="btn secondary small",
                                 testid="btn-pindah-" + m["id"]),
                dom.button("Keluarkan", do_remove, cls="btn danger small",
                           testid="btn-keluarkan-" + m["id"]))
        row.append(cell)
        table.append(row)
    card.append(dom.add(dom.el("div", cls="table-scroll"), table))
    card.append(_add_bar(card, rombel_id, member_pd))
    card.append(_naik_bar(card, rombel_id, res))
    await _search(card.querySelector('[data-testid="tambah-pd"]'), "", member_pd)


def _add_bar(card, rombel_id, member_pd):
    add = dom.el("div", cls="toolbar")
    find = dom.el("input", type="search", testid="cari-pd", placeholder="Cari nama atau NISN…",
                  aria_label="Cari peserta didik (nama atau NISN)")
    pick = dom.el("select", aria_label="Peserta didik yang ditambahkan", testid="tambah-pd")

    async def do_find(_e):
        await _search(pick, str(find.value), member_pd)

    async def do_add(_e):
        pd_id = str(pick.value)
        if not pd_id:
            dom.toast("Pilih dulu peserta didik yang ditambahkan.", "bad")
            return
        out = await bridge.call("save", {"type": "anggota_rombel", "record": {
            "rombel_id": rombel_id, "peserta_didik_id": pd_id, "jenis_pendaftaran_rombel": 1}})
        await _after(card, rombel_id, out, "Peserta didik ditambahkan.")

    dom.on(find, "input", do_find)
    dom.add(add, find, pick, dom.button("Tambah anggota", do_add, testid="btn-tambah-anggota"))
    return add


def _naik_bar(card, rombel_id, res):
    """Naik kelas (end of the year): the whole class up to a rombel of the next tingkat."""
    box = dom.el("div", cls="naik-kelas", testid="naik-kelas")
    box.append(dom.el("h3", text="Naik kelas"))
    targets = res.get("naik_to") or []
    if not targets:
        tingkat = res.get("tingkat")
        box.append(dom.el("p", cls="muted", text="Untuk naik kelas, buat dulu rombel tingkat %s "
                                                 "untuk tahun ajaran berikutnya." % (
                                                     (int(tingkat) + 1) if tingkat else "berikutnya")))
        return box
    pick = dom.el("select", testid="naik-tujuan", id="naik-tujuan",
                  aria_label="Rombel tujuan naik kelas")
    for o in targets:
        pick.append(dom.el("option", text=o["label"], value=o["id"]))
    label = dom.el("label", text="Naik ke")
    label.setAttribute("for", "naik-tujuan")

    async def naik(_e):
        chosen = pick.options.item(pick.selectedIndex).text
        if not dom.js.window.confirm("Naikkan semua %d anggota rombel ini ke %s? Keanggotaan "
                                     "dan nilai tahun ini tetap tersimpan sebagai riwayat."
                                     % (int(res.get("total", 0)), chosen)):
            return
        out = await bridge.call("naik_kelas", {"rombel_id": rombel_id, "target_id": str(pick.value)})
        if out.get("ok"):
            done = "%d peserta didik naik ke %s." % (int(out.get("moved", 0)), out.get("rombel"))
            skipped = out.get("skipped") or []
            if skipped:
                done += " %d sudah punya rombel di semester itu: %s." % (
                    len(skipped), ", ".join(skipped[:5]) + (" …" if len(skipped) > 5 else ""))
            state.app["rombel_flash"] = done
        await _after(card, rombel_id, out, "Naik kelas selesai.")

    dom.add(box, dom.add(dom.el("div", cls="toolbar"), label, pick,
                         dom.button("Naikkan semua anggota", naik, testid="btn-naik-kelas")))
    return box


async def _search(pick, text, member_pd):
    found = await bridge.call("options", {"type": "peserta_didik", "q": text,
                                          "limit": PICK_LIMIT + len(member_pd)})
    dom.clear(pick)
    pick.append(dom.el("option", text="— pilih peserta didik —", value=""))
    shown = 0
    for o in found if isinstance(found, list) else []:
        if o["id"] not in member_pd and shown < PICK_LIMIT:
            pick.append(dom.el("option", text=o["label"], value=o["id"]))
            shown += 1
    if not shown:
        pick.append(dom.el("option", text="(tidak ada yang cocok)", value="", disabled=True))


async def _after(card, rombel_id, out, message):
    if out.get("ok"):
        dom.toast(message)
        await _fill(card, rombel_id)
    else:
        errs = (out.get("details") or {}).get("fields") or {}
        dom.toast("; ".join("%s: %s" % kv for kv in errs.items()) or bridge.message_of(out), "bad")
