# Tarik Data: the server's changes since the last pull; records edited here and not sent
# yet are not overwritten, and are listed with links to them.
from ui import bridge, dom, views_sync_conflicts


async def pull(work):
    dom.clear(work)
    work.append(dom.el("p", text="Menarik data dari server…", testid="pull-status"))
    res = await bridge.call("tarik_data", timeout=600)
    dom.clear(work)
    if not res.get("ok"):
        work.append(dom.el("p", cls="bad", testid="pull-status", text=bridge.message_of(res)))
        return
    work.append(dom.el("p", testid="pull-status", text="%d perubahan dari server diterapkan." %
                       int(res.get("applied", 0))))
    conflicts = res.get("conflicts") or []
    if conflicts:
        work.append(dom.el("p", cls="bad", text="%d data tidak ditimpa karena ada perubahan lokal "
                                                "yang belum dikirim; putuskan di bagian Konflik data:" % len(conflicts)))
        lst = dom.el("ul", testid="pull-conflicts")
        for c in conflicts:
            lst.append(dom.add(dom.el("li"), dom.el("a", text=c.get("label") or c.get("id"),
                                                   href="#/rekam/%s/%s" % (c.get("type"), c.get("id")))))
        work.append(lst)
        await views_sync_conflicts.refresh()
