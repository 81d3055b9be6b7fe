# Konflik data: records the server did not take because another computer changed them first.
# Each is shown by name, field by field (this computer vs the server); the operator keeps one
# side for the record, or chooses per field. The engine saves the choice; the next
# Sinkronisasi sends it.
from ui import bridge, dom

LOCAL, SERVER = "local", "server"


async def card():
    """The conflicts card (data-testid="konflik"), empty when there is nothing to decide."""
    box = dom.el("section", cls="card", testid="konflik")
    await _fill(box)
    return box


async def refresh():
    old = dom.document.querySelector('[data-testid="konflik"]')
    if old:
        await _fill(old)


async def _fill(box):
    dom.clear(box)
    res = await bridge.call("conflicts")
    items = res.get("items") or [] if res.get("ok") else []
    box.hidden = not items
    box.setAttribute("data-remaining", str(int(res.get("remaining") or 0)))
    if not items:
        return
    remaining = int(res.get("remaining") or 0)
    box.append(dom.el("h2", text="Konflik data (%d belum diputuskan)" % remaining))
    box.append(dom.el("p", text="Data berikut diubah di komputer ini dan juga di server (dari "
                                "komputer lain). Pilih data yang dipakai; pilihan dikirim pada "
                                "Sinkronisasi berikutnya.", cls="muted"))
    for item in items:
        box.append(_record(box, item))


def _record(box, item):
    rid = item["id"]
    art = dom.el("article", cls="conflict", testid="konflik-" + rid)
    art.setAttribute("data-resolved", "true" if item.get("resolved") else "false")
    art.append(dom.el("h3", text="%s: %s" % (item.get("kind") or "", item.get("label") or rid)))
    if item.get("resolved"):
        art.append(dom.el("p", cls="ok", text="Sudah diputuskan; dikirim pada Sinkronisasi "
                                              "berikutnya."))
        return art
    wrap = dom.el("div", cls="table-scroll")
    table = dom.el("table", cls="table compact")
    head = dom.el("tr")
    for text in ("Isian", "Komputer ini", "Server"):
        head.append(dom.el("th", text=text, scope="col"))
    table.append(head)
    radios = {}
    for f in item.get("fields") or []:
        row = dom.el("tr", testid="konflik-isian-" + f["name"])
        row.append(dom.el("th", text=f["label"], scope="row"))
        for side, value in ((LOCAL, f["local"]), (SERVER, f["server"])):
            radio = dom.el("input", type="radio", name="k-%s-%s" % (rid, f["name"]), value=side,
                           testid="pilih-%s-%s" % (side, f["name"]),
                           aria_label="%s: pakai %s" % (f["label"], "komputer ini" if side == LOCAL
                                                         else "server"))
            radio.checked = side == LOCAL
            radios.setdefault(f["name"], []).append(radio)
            label = dom.el("label", cls="choice")
            dom.add(label, radio, dom.el("span", text=" " + value))
            row.append(dom.add(dom.el("td"), label))
        table.append(row)
    wrap.append(table)
    art.append(wrap)

    async def choose(keep, fields=None):
        ask = {"id": rid, "keep": keep}
        if fields:
            ask["fields"] = fields
        out = await bridge.call("resolve_conflict", ask)
        if out.get("ok"):
            dom.toast("Pilihan untuk %s disimpan; kirim dengan Sinkronisasi." % out.get("label"))
            await _fill(box)
        else:
            dom.toast(bridge.message_of(out, "Pilihan tidak dapat disimpan."), "bad")

    def per_field(_e):
        fields = {}
        for name, pair in radios.items():
            for r in pair:
                if r.checked:
                    fields[name] = str(r.value)
        return choose(LOCAL, fields)

    row = dom.el("div", cls="toolbar")
    dom.add(row,
            dom.button("Pakai data komputer ini", lambda _e: choose(LOCAL),
                       testid="konflik-lokal-" + rid),
            dom.button("Pakai data server", lambda _e: choose(SERVER), cls="btn secondary",
                       testid="konflik-server-" + rid),
            dom.button("Simpan pilihan per isian", per_field, cls="btn secondary",
                       testid="konflik-pilihan-" + rid))
    art.append(row)
    return art
