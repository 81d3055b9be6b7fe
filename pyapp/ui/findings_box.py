# Renders a list of Validasi Lokal findings (each links to its record and field).
from ui import dom, state


def render(holder, findings, with_record=False):
    dom.clear(holder)
    if not findings:
        return
    box = dom.el("ul", cls="findings")
    for f in findings:
        sev = f.get("severity")
        item = dom.el("li", cls="finding " + ("bad" if sev == "invalid" else "warn"),
                      testid="finding")
        item.setAttribute("data-severity", sev or "")
        item.setAttribute("data-rule", f.get("rule_id") or "")
        tag = dom.el("span", text="Invalid" if sev == "invalid" else "Peringatan",
                     cls="pill " + ("bad" if sev == "invalid" else "warn"))
        item.append(tag)
        if with_record:
            href = "#/rekam/%s/%s" % (f.get("record_type"), f.get("record_id"))
            if f.get("open"):  # fixed elsewhere (the engine says where)
                href = "#/" + f["open"]
            elif f.get("field"):
                href += "/" + f["field"]
            link = dom.el("a", text=f.get("record_label") or state.type_info(
                f.get("record_type"))["label"], href=href, cls="finding-record")
            item.append(link)
        item.append(dom.el("span", text=f.get("message") or "", cls="finding-message"))
        if f.get("hint"):
            item.append(dom.el("div", text="Cara memperbaiki: " + f["hint"], cls="help"))
        box.append(item)
    holder.append(box)
