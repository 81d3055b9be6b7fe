# Anggota rombel: add a PD, remove one, move one to another rombel.
from ui import bridge, dom


async def members_card(rombel_id):
    card = dom.el("section", cls="card", testid="anggota-rombel")
    await _fill(card, rombel_id)
    return card


async def _fill(card, rombel_id):
    dom.clear(card)
    res = await bridge.call("list", {"type": "anggota_rombel", "filter": {"rombel_id": rombel_id},
                                     "limit": 500})
    pd = await bridge.call("options", {"type": "peserta_didik", "limit": 10000})
    rombels = await bridge.call("options", {"type": "rombel", "limit": 1000})
    names = {o["id"]: o["label"] for o in (pd if isinstance(pd, list) else [])}
    members = res.get("items") or []
    card.append(dom.el("h2", text="Anggota rombel (%d)" % int(res.get("total", len(members)))))
    table = dom.el("table", cls="table compact")
    head = dom.el("tr")
    dom.add(head, dom.el("th", text="Peserta didik", scope="col"),
            dom.el("th", text="Pindah ke rombel", scope="col"), dom.el("th", text="", scope="col"))
    table.append(head)
    member_pd = set()
    for m in members:
        got = await bridge.call("get", {"type": "anggota_rombel", "id": m["id"]})
        rec = got.get("record") or {}
        member_pd.add(rec.get("peserta_didik_id"))
        row = dom.el("tr", testid="anggota-" + m["id"])
        name = names.get(rec.get("peserta_didik_id"), m.get("label"))
        row.append(dom.add(dom.el("td"), dom.el(
            "a", text=name, href="#/rekam/peserta_didik/%s" % rec.get("peserta_didik_id"))))
        move = dom.el("select", aria_label="Pindah ke rombel", testid="pindah-" + m["id"])
        move.append(dom.el("option", text="— pilih rombel —", value=""))
        for o in rombels if isinstance(rombels, list) else []:
            if o["id"] != rombel_id:
                move.append(dom.el("option", text=o["label"], value=o["id"]))

        async def do_move(_e, rec=rec, move=move):
            target = str(move.value)
            if not target:
                return
            rec = dict(rec)
            rec["rombel_id"] = target
            out = await bridge.call("save", {"type": "anggota_rombel", "record": rec})
            await _after(card, rombel_id, out, "Peserta didik dipindahkan.")

        async def do_remove(_e, mid=m["id"]):
            out = await bridge.call("delete", {"type": "anggota_rombel", "id": mid})
            await _after(card, rombel_id, out, "Peserta didik dikeluarkan dari rombel.")

        cell = dom.el("td")
        dom.add(cell, move, dom.button("Pindahkan", do_move, cls="btn secondary small",
                                       testid="btn-pindah-" + m["id"]))
        row.append(cell)
        row.append(dom.add(dom.el("td"), dom.button("Keluarkan", do_remove, cls="btn danger small",
                                                    testid="btn-keluarkan-" + m["id"])))
        table.append(row)
    card.append(table)
    add = dom.el("div", cls="toolbar")
    pick = dom.el("select", aria_label="Peserta didik yang ditambahkan", testid="tambah-pd")
    pick.append(dom.el("option", text="— pilih peserta didik —", value=""))
    for o in pd if isinstance(pd, list) else []:
        if o["id"] not in member_pd:
            pick.append(dom.el("option", text=o["label"], value=o["id"]))

    async def do_add(_e):
        pd_id = str(pick.value)
        if not pd_id:
            return
        out = await bridge.call("save", {"type": "anggota_rombel", "record": {
            "rombel_id": rombel_id, "peserta_didik_id": pd_id, "jenis_pendaftaran_rombel": 1}})
        await _after(card, rombel_id, out, "Peserta didik ditambahkan.")

    dom.add(add, pick, dom.button("Tambah anggota", do_add, testid="btn-tambah-anggota"))
    card.append(add)


async def _after(card, rombel_id, out, message):
    if out.get("ok"):
        dom.toast(message)
        await _fill(card, rombel_id)
    else:
        errs = out.get("errors") or {}
        dom.toast(out.get("error") or "; ".join("%s: %s" % kv for kv in errs.items()), "bad")
