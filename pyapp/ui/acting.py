# Who is acting (Operator / Kepala Sekolah), always shown in the top bar.
from ui import bridge, dom


async def refresh():
    cfg = await bridge.call("sync_config")
    show(cfg)
    return cfg


def show(cfg):
    box = dom.by_id("acting-user")
    if box is None:
        box = dom.el("div", cls="acting", testid="acting-user")
        box.id = "acting-user"
        right = dom.document.querySelector(".topbar-right")
        right.prepend(box)
    acting = (cfg or {}).get("acting") or {}
    role = acting.get("role") or (cfg or {}).get("role") or "operator"
    if role == "kepala_sekolah":
        text = "Kepala Sekolah: " + (acting.get("nama") or "-")
    else:
        text = "Operator"
    box.textContent = text
    box.setAttribute("data-role", role)
