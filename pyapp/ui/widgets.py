# Form inputs built from the engine's field metadata, plus the wilayah cascade.
from ui import bridge, dom

LEVELS = [("provinsi", "Provinsi", 2), ("kabupaten", "Kabupaten/kota", 5),
          ("kecamatan", "Kecamatan", 8), ("desa", "Desa/kelurahan", 13)]


def _option(select, value, label, selected=False):
    opt = dom.el("option", text=label, value=value)
    if selected:
        opt.selected = True
    select.append(opt)


async def build_input(field, value):
    """Return (node, getter). The node carries data-testid="field-<name>"."""
    name, kind = field["name"], field.get("kind") or "text"
    testid = "field-" + name
    if name == "kode_wilayah":
        return await wilayah_input(field, value)
    if kind in ("select", "ref"):
        node = dom.el("select", testid=testid, id="f-" + name, name=name)
        _option(node, "", "— pilih —", value in (None, ""))
        choices = field.get("choices")
        if kind == "ref" and field.get("ref"):
            res = await bridge.call("options", {"type": field["ref"], "limit": 2000})
            choices = [[o["id"], o["label"]] for o in (res if isinstance(res, list) else [])]
        choices = list(choices or [])
        if value not in (None, "") and kind == "select" and \
                not [c for c in choices if str(c[0]) == str(value)]:
            choices.append([value, str(value)])  # a stored value outside the offered ones stays
        for code, label in choices:
            _option(node, str(code), str(label), str(code) == str(value))
        numeric = bool(choices) and all(isinstance(c[0], int) for c in choices)

        def get():
            v = str(node.value)
            if v == "":
                return None
            return int(v) if numeric else v

        return node, get
    if kind == "checkbox":
        node = dom.el("input", type="checkbox", testid=testid, id="f-" + name, name=name)
        node.checked = bool(value)
        return node, lambda: bool(node.checked)
    if kind == "textarea":
        node = dom.el("textarea", testid=testid, id="f-" + name, name=name, rows="3",
                      maxlength=field.get("max_length"))
        node.value = "" if value is None else str(value)
        return node, lambda: (str(node.value) or None)
    attrs = {"type": {"number": "number", "date": "date"}.get(kind, "text")}
    if field.get("max_length"):
        attrs["maxlength"] = field["max_length"]
    if kind == "number":
        attrs["step"] = "any"
        if field.get("min") is not None:
            attrs["min"] = field["min"]
        if field.get("max") is not None:
            attrs["max"] = field["max"]
    node = dom.el("input", testid=testid, id="f-" + name, name=name, **attrs)
    node.value = "" if value is None else str(value)

    def get_value():
        v = str(node.value).strip() if kind != "text" else str(node.value)
        if v == "":
            return None
        if kind == "number":
            try:
                return int(v) if "." not in v else float(v)
            except ValueError:
                return v  # the engine answers with a clear field error
        return v

    return node, get_value


async def wilayah_input(field, value):
    """Provinsi → kabupaten → kecamatan → desa; the value is the desa's Kemendagri code."""
    box = dom.el("div", cls="cascade", testid="field-kode_wilayah-box")
    selects = []
    current = str(value or "")
    for level, label, width in LEVELS:
        sel = dom.el("select", aria_label=label, testid="wilayah-" + level)
        selects.append((level, sel, width))
        box.append(sel)
    hidden = dom.el("input", type="text", testid="field-kode_wilayah", id="f-kode_wilayah",
                    readonly=True, aria_label="Kode wilayah", cls="code")
    hidden.value = current
    box.append(hidden)

    async def fill(index, parent):
        level, sel, width = selects[index]
        dom.clear(sel)
        _option(sel, "", "— %s —" % LEVELS[index][1].lower())
        if index > 0 and not parent:
            return
        rows = await bridge.call("wilayah", {"level": level, "parent": parent,
                                             "base_url": bridge.base_url()})
        want = current[:width] if len(current) >= width else ""
        for r in rows if isinstance(rows, list) else []:
            _option(sel, r["kode"], r["nama"], r["kode"] == want)

    async def changed(index):
        level, sel, _w = selects[index]
        code = str(sel.value)
        for j in range(index + 1, len(selects)):
            dom.clear(selects[j][1])
        if index + 1 < len(selects):
            await fill(index + 1, code)
        hidden.value = code if index == len(selects) - 1 else ""

    for i, (_lvl, sel, _w) in enumerate(selects):
        dom.on(sel, "change", lambda _e, i=i: changed(i))
    await fill(0, None)
    for i in range(1, len(selects)):
        prev = selects[i - 1][1]
        if str(prev.value):
            await fill(i, str(prev.value))
    return box, lambda: (str(hidden.value) or None)
