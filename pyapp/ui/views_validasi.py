# Validasi Lokal: invalid/warning counts per tab and every finding, linking to its record.
from ui import bridge, dom, excel, findings_box, state

LIMIT = 100


async def render(parts):
    slug = parts[1] if len(parts) > 1 else None
    tab = state.TAB_OF_SLUG.get(slug) if slug else None
    severity = parts[2] if len(parts) > 2 else None
    summary = await bridge.call("summary")
    main = dom.main_area()
    dom.clear(main)
    card = dom.el("section", cls="card", testid="validasi")
    card.append(dom.el("h1", text="Validasi Lokal"))
    total_inv = int(summary.get("invalid", 0))
    msg = ("Ada %d data invalid: sinkronisasi ditolak sampai semuanya diperbaiki." % total_inv
           if total_inv else "Tidak ada data invalid. Data siap disinkronkan.")
    card.append(dom.el("p", text=msg, cls="bad" if total_inv else "ok", testid="validasi-status"))
    table = dom.el("table", cls="table")
    head = dom.el("tr")
    dom.add(head, dom.el("th", text="Tab", scope="col"), dom.el("th", text="Invalid", scope="col"),
            dom.el("th", text="Peringatan", scope="col"))
    table.append(head)
    counts = summary.get("summary") or {}
    for name, s in state.TAB_SLUGS:
        c = counts.get(name) or {}
        row = dom.el("tr", cls="current" if s == slug else None)
        inv = dom.el("a", text=str(c.get("invalid", 0)), href="#/validasi/%s/invalid" % s,
                     testid="validasi-%s-invalid" % s)
        warn = dom.el("a", text=str(c.get("warning", 0)), href="#/validasi/%s/warning" % s,
                      testid="validasi-%s-warning" % s)
        dom.add(row, dom.add(dom.el("td"), dom.el("a", text=name, href="#/validasi/" + s)),
                dom.add(dom.el("td", cls="bad" if c.get("invalid") else None), inv),
                dom.add(dom.el("td"), warn))
        table.append(row)
    card.append(table)
    main.append(card)
    lst = dom.el("section", cls="card", testid="findings")
    title = "Temuan" + (" — " + tab if tab else " — semua tab")
    lst.append(dom.el("h2", text=title))
    excel_status = dom.el("span", cls="muted", testid="excel-status", role="status")
    lst.append(dom.add(dom.el("div", cls="toolbar"), excel.button(
        "findings_xlsx", lambda: {"tab": tab, "severity": severity}, excel_status), excel_status))
    holder = dom.el("div")
    lst.append(holder)
    main.append(lst)
    await _page(holder, tab, severity, 0)


async def _page(holder, tab, severity, offset):
    res = await bridge.call("findings", {"tab": tab, "severity": severity, "offset": offset,
                                         "limit": LIMIT})
    dom.clear(holder)
    items = res.get("items") or []
    total = int(res.get("total", 0))
    if not items:
        holder.append(dom.el("p", text="Tidak ada temuan.", cls="muted"))
        return
    inner = dom.el("div")
    findings_box.render(inner, items, with_record=True)
    holder.append(inner)
    pager = dom.el("div", cls="pager")
    prev = dom.button("‹ Sebelumnya", lambda _e: _page(holder, tab, severity, max(0, offset - LIMIT)),
                      cls="btn secondary", disabled=offset == 0)
    nxt = dom.button("Berikutnya ›", lambda _e: _page(holder, tab, severity, offset + LIMIT),
                     cls="btn secondary", disabled=offset + LIMIT >= total)
    dom.add(pager, prev, dom.el("span", text="%d–%d dari %d" % (
        offset + 1, min(offset + LIMIT, total), total)), nxt)
    holder.append(pager)
