# One page per tab: sub-tabs per record type, search, a paged list, "Tambah".
import asyncio

from ui import bridge, dom, router, state

PAGE = 50
_search = {"q": "", "offset": 0, "type": None, "seq": 0}


async def render(parts):
    slug = parts[1] if len(parts) > 1 else "sekolah"
    tab = state.TAB_OF_SLUG.get(slug, "Sekolah")
    types = state.types_of_tab(tab)
    record_type = parts[2] if len(parts) > 2 else (types[0]["type"] if types else None)
    if _search["type"] != record_type:
        _search.update(q="", offset=0, type=record_type)
    main = dom.main_area()
    dom.clear(main)
    card = dom.el("section", cls="card", testid="tab-" + slug)
    card.append(dom.el("h1", text=tab))
    if len(types) > 1:
        sub = dom.el("div", cls="subtabs", role="tablist")
        for rt in types:
            b = dom.el("a", text=rt["label"], href="#/tab/%s/%s" % (slug, rt["type"]),
                       role="tab", testid="subtab-" + rt["type"],
                       aria_selected="true" if rt["type"] == record_type else "false")
            sub.append(b)
        card.append(sub)
    bar = dom.el("div", cls="toolbar")
    search = dom.el("input", type="search", placeholder="Cari nama, NIK, NISN…",
                    testid="search", aria_label="Cari")
    search.value = _search["q"]
    new = dom.button("Tambah " + state.type_info(record_type)["label"],
                     lambda _e: router.go("rekam/%s/baru" % record_type), testid="btn-new")
    printer = dom.button("Cetak", lambda _e: dom.js.window.print(), cls="btn secondary")
    dom.add(bar, search, new, printer)
    card.append(bar)
    holder = dom.el("div", testid="list")
    card.append(holder)
    main.append(card)

    async def on_search(_e):
        _search["seq"] += 1
        seq = _search["seq"]
        await asyncio.sleep(0.25)  # debounce typing
        if seq != _search["seq"] or not holder.isConnected:
            return  # typed again, or this list was replaced meanwhile (its search is stale)
        _search.update(q=str(search.value), offset=0)
        await _fill(holder, record_type)

    dom.on(search, "input", on_search)
    await _fill(holder, record_type)


async def _fill(holder, record_type):
    res = await bridge.call("list", {"type": record_type, "q": _search["q"],
                                     "offset": _search["offset"], "limit": PAGE})
    dom.clear(holder)
    if res.get("ok") is False:
        holder.append(dom.el("p", text=bridge.message_of(res), cls="error"))
        return
    total = int(res.get("total", 0))
    columns = res.get("columns") or []
    table = dom.el("table", cls="table", testid="list-table")
    head = dom.el("tr")
    head.append(dom.el("th", text="Nama", scope="col"))
    for col in columns:
        head.append(dom.el("th", text=col["label"], scope="col"))
    head.append(dom.el("th", text="Validasi", scope="col"))
    table.append(head)
    for item in res.get("items") or []:
        row = dom.el("tr", testid="row-" + item["id"], cls="clickable", tabindex="0")
        link = dom.el("a", text=item.get("label") or "(tanpa nama)",
                      href="#/rekam/%s/%s" % (record_type, item["id"]))
        row.append(dom.add(dom.el("td"), link))
        cols = item.get("cols") or {}
        for col in columns:
            row.append(dom.el("td", text=cols.get(col["name"], "")))
        badge = dom.el("td")
        if item.get("invalid"):
            badge.append(dom.el("span", text="%d invalid" % item["invalid"], cls="pill bad"))
        if item.get("warning"):
            badge.append(dom.el("span", text="%d peringatan" % item["warning"], cls="pill warn"))
        row.append(badge)
        dom.on(row, "click", lambda _e, i=item["id"]: router.go("rekam/%s/%s" % (record_type, i)))
        table.append(row)
    holder.append(table)
    start = _search["offset"] + 1 if total else 0
    end = min(_search["offset"] + PAGE, total)
    pager = dom.el("div", cls="pager")
    prev = dom.button("‹ Sebelumnya", None, cls="btn secondary", testid="page-prev",
                      disabled=_search["offset"] == 0)
    nxt = dom.button("Berikutnya ›", None, cls="btn secondary", testid="page-next",
                     disabled=end >= total)

    async def move(delta):
        _search["offset"] = max(0, _search["offset"] + delta)
        dom.js.performance.mark("pyapp-page-start")
        await _fill(holder, record_type)
        dom.js.performance.mark("pyapp-page-done")

    dom.on(prev, "click", lambda _e: move(-PAGE))
    dom.on(nxt, "click", lambda _e: move(PAGE))
    dom.add(pager, prev, dom.el("span", text="%d–%d dari %d" % (start, end, total),
                                testid="page-info"), nxt)
    holder.append(pager)
    dom.js.performance.mark("pyapp-list-shown")
