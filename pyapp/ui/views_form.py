# A record's form, generated from the engine's metadata: field errors next to each field,
# the record's Validasi Lokal findings on top, Simpan / Hapus.
import json

from ui import bridge, deleting, dom, findings_box, router, state, views_rombel, widgets


async def meta_of(record_type):
    meta = state.app["meta"].get(record_type)
    if meta is None:
        meta = await bridge.call("form_meta", {"type": record_type})
        state.app["meta"][record_type] = meta
    return meta


async def render(parts):
    record_type = parts[1]
    record_id = parts[2] if len(parts) > 2 else "baru"
    focus = parts[3] if len(parts) > 3 else None
    is_new = record_id == "baru"
    meta = await meta_of(record_type)
    record, found = {}, []
    if not is_new:
        res = await bridge.call("get", {"type": record_type, "id": record_id})
        if not res.get("ok"):
            raise RuntimeError(bridge.message_of(res, "Data tidak ditemukan."))
        record, found = res.get("record") or {}, res.get("findings") or []
    info = state.type_info(record_type)
    slug = state.SLUG_OF.get(info["tab"], "sekolah")
    main = dom.main_area()
    dom.clear(main)
    card = dom.el("section", cls="card", testid="form-" + record_type)
    back = dom.el("a", text="‹ Kembali ke daftar", href="#/tab/%s/%s" % (slug, record_type))
    title = ("Tambah " if is_new else "Ubah ") + info["label"]
    dom.add(card, back, dom.el("h1", text=title))
    holder = dom.el("div", testid="record-findings")
    findings_box.render(holder, found)
    card.append(holder)
    form = dom.el("form", cls="form", novalidate=True)
    getters = {}
    errors = {}
    sections = {}
    jump = dom.el("nav", cls="form-jump", aria_label="Bagian formulir", testid="form-bagian")
    target = form
    for field in meta.get("fields") or []:
        name = field["name"]
        group = field.get("group")
        if group and group not in sections:
            anchor = "bagian-%d" % (len(sections) + 1)
            target = dom.el("fieldset", cls="form-group", id=anchor, testid="bagian-" + group)
            target.append(dom.el("legend", text=group))
            form.append(target)
            sections[group] = target
            link = dom.el("a", text=group, href="#" + anchor)
            dom.on(link, "click", lambda e, a=anchor: _jump(e, a))
            jump.append(link)
        wrap = dom.el("div", cls="field")
        label = dom.el("label", text=field["label"] + (" *" if field.get("required") else ""))
        label.setAttribute("for", "f-" + name)
        node, getter = await widgets.build_input(field, record.get(name))
        getters[name] = getter
        err = dom.el("div", cls="field-error", testid="error-" + name, role="alert")
        errors[name] = err
        dom.add(wrap, label, node)
        if field.get("help"):
            dom.add(wrap, dom.el("div", text=field["help"], cls="help"))
        wrap.append(err)
        target.append(wrap)
    if len(sections) > 1:
        card.append(jump)
    card.append(form)
    actions = dom.el("div", cls="actions sticky-actions", testid="form-actions")
    status = dom.el("span", cls="muted", testid="save-status", role="status")

    def current():
        return {name: get() for name, get in getters.items()}

    baseline = {"values": current()}  # what is saved: leaving with other values asks first
    router.set_guard(lambda: router.LEAVE_QUESTION if current() != baseline["values"] else None)

    async def save(_e):
        for err in errors.values():
            err.textContent = ""
        values = dict(record)
        for name, get in getters.items():
            values[name] = get()
        dom.js.performance.mark("pyapp-save-start")
        res = await bridge.call("save", {"type": record_type, "record": values})
        dom.js.performance.mark("pyapp-save-done")
        if not res.get("ok"):
            first = None
            fields = (res.get("details") or {}).get("fields") or {}
            for name, message in fields.items():
                target = errors.get(name)
                if target is None:
                    status.textContent = "%s: %s" % (name, message)
                    continue
                target.textContent = message
                first = first or name
            if fields:
                status.textContent = "Belum tersimpan: periksa isian yang ditandai."
            else:
                status.textContent = bridge.message_of(res, "Belum tersimpan.")
            if first:
                node = dom.by_id("f-" + first)
                if node:
                    node.focus()
            return
        status.setAttribute("data-ms", json.dumps(res.get("ms") or {}))
        saved = res.get("record") or {}
        record.clear()
        record.update(saved)
        baseline["values"] = current()
        found_now = res.get("findings") or []
        findings_box.render(holder, found_now)
        text, first = _saved_text(found_now, errors)
        status.textContent = text
        status.className = "bad" if first is not None else "muted"
        dom.toast("Data tersimpan." if first is None else text, "ok" if first is None else "bad")
        if is_new and saved.get("id"):
            state.app["flash"] = text
            router.go("rekam/%s/%s" % (record_type, saved["id"]))
        elif first is not None:
            _show_first(first, holder)

    async def remove(_e):
        res = await deleting.delete_record(
            record_type, record_id,
            "Hapus data ini? Data ditandai terhapus dan ikut terkirim saat sinkronisasi.")
        if res is None:
            return
        if res.get("ok"):
            dom.toast("Data dihapus.")
            router.go("tab/%s/%s" % (slug, record_type))
        else:
            status.textContent = bridge.message_of(res, "Gagal menghapus.")

    actions.append(dom.button("Simpan", save, testid="btn-save", title="Simpan (Enter)"))
    actions.append(dom.button("Batal", lambda _e: router.go("tab/%s/%s" % (slug, record_type)),
                              cls="btn secondary", testid="btn-cancel", title="Batal (Esc)"))
    if not is_new:
        actions.append(dom.button("Hapus", remove, cls="btn danger", testid="btn-delete"))
    actions.append(status)
    card.append(actions)
    main.append(card)

    def on_key(evt):
        key = str(evt.key)
        tag = str(evt.target.tagName).lower()
        if key == "Enter" and tag == "input" and not evt.isComposing:
            evt.preventDefault()
            return save(evt)
        if key == "Escape":
            evt.preventDefault()
            router.go("tab/%s/%s" % (slug, record_type))
        return None

    dom.on(form, "keydown", on_key)
    dom.on(form, "submit", lambda e: e.preventDefault())
    if record_type == "rombel" and not is_new:
        main.append(await views_rombel.members_card(record_id))
    if not is_new:
        related = await _related_card(record_type, record_id)
        if related is not None:
            main.append(related)
    if state.app.get("flash"):
        state.app.pop("flash")
        text, first = _saved_text(found, errors)
        status.textContent = text
        if first is not None:
            status.className = "bad"
            _show_first(first, holder)
    if focus in ("anggota", "terkait"):
        card_id = "anggota-rombel" if focus == "anggota" else "data-terkait"
        node = dom.document.querySelector('[data-testid="%s"]' % card_id)
        if node:
            node.scrollIntoView(dom.js_obj({"block": "start"}))
            find = node.querySelector('[data-testid="cari-pd"]')
            if find:
                find.focus(dom.js_obj({"preventScroll": True}))
    elif focus:
        node = dom.by_id("f-" + focus)
        if node:
            # Centred: the field's label (above it) stays in view too.
            node.scrollIntoView(dom.js_obj({"block": "center"}))
            node.focus(dom.js_obj({"preventScroll": True}))



def _saved_text(findings, errors):
    """The status after a save, and where the first invalid finding is shown (a field name,
    "" for the findings box, None when nothing is invalid). Each invalid finding on a field
    is also written next to that field."""
    bad = [f for f in findings if f.get("severity") == "invalid"]
    first = None
    for f in bad:
        target = errors.get(f.get("field") or "")
        if target is not None:
            target.textContent = f.get("message") or ""
            first = first if first is not None else f["field"]
        elif first is None:
            first = ""
    if not bad:
        return "Tersimpan.", None
    return "Tersimpan, tetapi %d isian invalid." % len(bad), first


def _show_first(first, holder):
    node = dom.by_id("f-" + first) if first else None
    if node:
        node.scrollIntoView(dom.js_obj({"block": "center"}))
        node.focus()
    else:
        holder.scrollIntoView(dom.js_obj({"block": "start"}))


def _jump(evt, anchor):
    """In-page section links: scroll, without touching the route (the hash)."""
    evt.preventDefault()
    node = dom.by_id(anchor)
    if node:
        node.scrollIntoView(dom.js_obj({"block": "start"}))


async def _related_card(record_type, record_id):
    """Data terkait: the records that belong to this one, with links (a pupil's registrasi,
    periodik, kesejahteraan, rombel...)."""
    res = await bridge.call("related", {"type": record_type, "id": record_id})
    groups = res.get("groups") or [] if res.get("ok") else []
    if not groups:
        return None
    card = dom.el("section", cls="card", testid="data-terkait")
    card.append(dom.el("h2", text="Data terkait"))
    for g in groups:
        box = dom.el("div", cls="related", testid="terkait-" + g["type"])
        box.append(dom.el("h3", text="%s (%d)" % (g["label"], int(g.get("total", 0)))))
        if not g.get("items"):
            box.append(dom.el("p", cls="muted", text="Belum ada."))
        lst = dom.el("ul", cls="related-list")
        for it in g.get("items") or []:
            lst.append(dom.add(dom.el("li"), dom.el(
                "a", text=it["label"], href="#/rekam/%s/%s" % (g["type"], it["id"]))))
        box.append(lst)
        card.append(box)
    return card
