# The Sinkronisasi page's two tables: changes not sent yet, and the history of receipts.
from ui import acting, bridge, dom, texts


async def pending_card():
    res = await bridge.call("pending")
    card = dom.el("section", cls="card", testid="sync-pending")
    card.append(dom.el("h2", text="Perubahan yang belum dikirim (%d)" % int(res.get("total", 0))))
    table = dom.el("table", cls="table compact")
    head = dom.el("tr")
    for text in ("Tab", "Ditambah", "Diubah", "Dihapus"):
        head.append(dom.el("th", text=text, scope="col"))
    table.append(head)
    for tab, c in (res.get("tabs") or {}).items():
        row = dom.el("tr")
        dom.add(row, dom.el("td", text=tab), dom.el("td", text=str(c.get("created", 0))),
                dom.el("td", text=str(c.get("updated", 0))), dom.el("td", text=str(c.get("deleted", 0))))
        table.append(row)
    card.append(table)
    return card


async def history_card():
    rows = await bridge.call("sync_history")
    card = dom.el("section", cls="card", testid="sync-history")
    card.append(dom.el("h2", text="Riwayat sinkronisasi"))
    if not isinstance(rows, list) or not rows:
        card.append(dom.el("p", text="Belum pernah sinkronisasi.", cls="muted"))
        return card
    table = dom.el("table", cls="table compact")
    head = dom.el("tr")
    for text in ("Waktu", "Urutan server", "Ditambah", "Diubah", "Dihapus", "Konflik"):
        head.append(dom.el("th", text=text, scope="col"))
    table.append(head)
    for r in rows[:20]:
        counts = r.get("counts") or {}
        row = dom.el("tr")
        for v in (texts.tanggal(r.get("received_at"), True), r.get("server_seq"),
                  counts.get("created", 0), counts.get("updated", 0), counts.get("deleted", 0),
                  counts.get("conflict", 0)):
            row.append(dom.el("td", text=str(v)))
        table.append(row)
    card.append(table)
    return card


async def refresh():
    """After a receipt: the outbox and the history have changed."""
    for testid, build in (("sync-pending", pending_card), ("sync-history", history_card)):
        old = dom.document.querySelector('[data-testid="%s"]' % testid)
        if old:
            old.replaceWith(await build())
    await acting.refresh()
