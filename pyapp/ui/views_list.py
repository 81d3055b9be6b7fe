# One page per tab: sub-tabs per record type, search, a paged list, "Tambah".
import asyncio

from ui import bridge, dom, excel, router, state, validating

PAGE = 50
_search = {"q": "", "offset": 0, "type": None, "seq": 0, "sort": "", "desc": False, "only": ""}
#: the record types "Impor dari Excel" takes (the engine's import_template / import_preview)
IMPORTABLE = ("peserta_didik", "ptk")
ONLY = (("", "Semua data"), ("invalid", "Hanya yang invalid"),
        ("warning", "Hanya yang ada peringatan"))


async def render(parts):
    slug = parts[1] if len(parts) > 1 else "sekolah"
    tab = state.TAB_OF_SLUG.get(slug, "Sekolah")
    types = state.types_of_tab(tab)
    record_type = parts[2] if len(parts) > 2 else (types[0]["type"] if types else None)
    if _search["type"] != record_type:
        _search.update(q="", offset=0, type=record_type, sort="", desc=False, only="")
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
    search = dom.el("input", type="search", placeholder="Cari…", testid="search",
                    aria_label="Cari " + state.type_info(record_type)["label"], cls="search")
    search.value = _search["q"]
    only = dom.el("select", testid="filter-temuan", aria_label="Saring menurut hasil validasi")
    for value, label in ONLY:
        opt = dom.el("option", text=label, value=value)
        if value == _search["only"]:
            opt.selected = True
        only.append(opt)
    count = dom.el("span", cls="muted row-count", testid="jumlah-data", role="status")
    new = dom.button("Tambah " + state.type_info(record_type)["label"],
                     lambda _e: router.go("rekam/%s/baru" % record_type), testid="btn-new")
    printer = dom.button("Cetak", lambda _e: dom.js.window.print(), cls="btn secondary")
    excel_status = dom.el("span", cls="muted", testid="excel-status", role="status")
    download = excel.button("list_xlsx", lambda: {
        "type": record_type, "q": _search["q"], "sort": _search["sort"] or None,
        "desc": _search["desc"], "only": _search["only"] or None}, excel_status)
    dom.add(bar, search, only, count, new, download, printer)
    if record_type in IMPORTABLE:
        dom.add(bar, dom.button("Impor dari Excel", lambda _e: router.go("impor/" + record_type),
                                cls="btn secondary", testid="btn-impor-excel"))
    bar.append(excel_status)
    card.append(bar)
    holder = dom.el("div", testid="list")
    holder.setAttribute("data-search", "1")
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

    async def on_only(_e):
        _search.update(only=str(only.value), offset=0)
        await _fill(holder, record_type)

    dom.on(search, "input", on_search)
    dom.on(only, "change", on_only)
    await _fill(holder, record_type)


async def _fill(holder, record_type):
    dom.js.performance.mark("pyapp-list-call")
    res = await bridge.call("list", {"type": record_type, "q": _search["q"],
                                     "offset": _search["offset"], "limit": PAGE,
                                     "sort": _search["sort"] or None, "desc": _search["desc"],
                                     "only": _search["only"] or None})
    dom.js.performance.mark("pyapp-list-reply")
    dom.clear(holder)
    if res.get("ok") is False:
        holder.append(dom.el("p", text=bridge.message_of(res), cls="error"))
        return
    total = int(res.get("total", 0))
    columns = res.get("columns") or []
    card = holder.parentElement
    if card:
        search = card.querySelector('[data-testid="search"]')
        if search and res.get("search_hint"):
            search.setAttribute("placeholder", res["search_hint"])
        count = card.querySelector('[data-testid="jumlah-data"]')
        if count:
            count.textContent = "%s data" % dom.number(total)
    table = dom.el("table", cls="table grid", testid="list-table")
    head = dom.el("tr")
    head.append(_sort_head("Nama", "label", holder, record_type))
    for col in columns:
        head.append(_sort_head(col["label"], col["name"], holder, record_type))
    checking = bool(res.get("validating"))
    head.append(dom.el("th", text="Validasi (berjalan…)" if checking else "Validasi", scope="col",
                       title=validating.note() if checking else None))
    table.append(dom.add(dom.el("thead"), head))
    body = dom.el("tbody")
    for item in res.get("items") or []:
        label = item.get("label") or "(tanpa nama)"
        row = dom.el("tr", testid="row-" + item["id"], cls="clickable", tabindex="0",
                     aria_label=label)
        link = dom.el("a", text=label, tabindex="-1",
                      href="#/rekam/%s/%s" % (record_type, item["id"]))
        row.append(dom.add(dom.el("td", cls="name", title=label), link))
        cols = item.get("cols") or {}
        for col in columns:
            value = cols.get(col["name"], "")
            row.append(dom.el("td", text=value, title=value or None))
        badge = dom.el("td", cls="pills")
        if item.get("invalid"):
            badge.append(dom.el("span", text="%d invalid" % item["invalid"], cls="pill bad"))
        if item.get("warning"):
            badge.append(dom.el("span", text="%d peringatan" % item["warning"], cls="pill warn"))
        row.append(badge)
        dom.on(row, "click", lambda _e, i=item["id"]: router.go("rekam/%s/%s" % (record_type, i)))
        dom.on(row, "keydown", lambda e, i=item["id"]: _row_key(e, record_type, i))
        body.append(row)
    table.append(body)
    holder.append(dom.add(dom.el("div", cls="table-scroll"), table))
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


async def refresh():
    """The list on screen again (its search, filter and page kept): Validasi Lokal ended."""
    holder = dom.document.querySelector('[data-testid="list"]')
    if holder and holder.isConnected and _search["type"]:
        await _fill(holder, _search["type"])


def _sort_head(text, name, holder, record_type):
    """A column header that sorts the list by that column (again: the other way)."""
    th = dom.el("th", scope="col")
    current = (_search["sort"] or "label") == name
    if current:
        th.setAttribute("aria-sort", "descending" if _search["desc"] else "ascending")
    arrow = (" ▼" if _search["desc"] else " ▲") if current else ""
    btn = dom.el("button", text=text + arrow, type="button", cls="sort", testid="sort-" + name)

    async def click(_e):
        if current:
            _search["desc"] = not _search["desc"]
        else:
            _search.update(sort="" if name == "label" else name, desc=False)
        _search["offset"] = 0
        await _fill(holder, record_type)

    dom.on(btn, "click", click)
    th.append(btn)
    return th


def _row_key(evt, record_type, rid):
    """Enter opens the focused row; the arrow keys move between rows."""
    key = str(evt.key)
    row = evt.currentTarget
    if key == "Enter":
        evt.preventDefault()
        router.go("rekam/%s/%s" % (record_type, rid))
    elif key in ("ArrowDown", "ArrowUp"):
        evt.preventDefault()
        other = row.nextElementSibling if key == "ArrowDown" else row.previousElementSibling
        if other:
            other.focus()
