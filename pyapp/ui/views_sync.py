# The Sinkronisasi page, the operators' own steps: connection status, pending changes and
# history (views_sync_cards), then Sinkronisasi (views_sync_send → views_sync_progress) or
# Tarik Data (views_sync_pull); a computer not registered yet gets views_sync_register.
import asyncio

from ui import (
    acting, bridge, dom, views_sync_cards, views_sync_conflicts, views_sync_progress,
    views_sync_pull, views_sync_register, views_sync_send,
)


async def render(_parts):
    main = dom.main_area()
    cfg = await acting.refresh()
    dom.clear(main)
    card = dom.el("section", cls="card", testid="sinkronisasi")
    card.append(dom.el("h1", text="Sinkronisasi"))
    status = dom.el("p", text="Memeriksa koneksi ke server…", testid="sync-status",
                    data_state="checking")
    card.append(status)
    main.append(card)
    await _check(status, cfg)
    if not cfg.get("registered"):
        main.append(views_sync_register.card(cfg))
        return
    card.append(dom.el("p", cls="muted", text="Server: %s · NPSN %s" % (
        cfg.get("proxy_url") or "-", cfg.get("npsn") or "-")))
    main.append(await views_sync_conflicts.card())
    main.append(await views_sync_cards.pending_card())
    work = dom.el("section", cls="card", testid="sync-work")
    main.append(work)
    actions = dom.el("div", cls="toolbar")
    dom.add(actions,
            dom.button("Sinkronisasi", lambda _e: views_sync_send.start(work),
                       testid="btn-sinkronisasi"),
            dom.button("Tarik Data", lambda _e: views_sync_pull.pull(work), cls="btn secondary",
                       testid="btn-tarik-data"))
    card.append(actions)
    main.append(await views_sync_cards.history_card())
    state = await bridge.call("sync_state")
    st = state.get("state") or {}
    if cfg.get("pending_upload") or st.get("phase") in ("mengirim", "menunggu", "memvalidasi",
                                                        "menyiapkan"):
        work.append(dom.el("p", text="Pengiriman sebelumnya belum selesai: dilanjutkan dari "
                                     "bagian terakhir yang diterima server."))
        asyncio.create_task(views_sync_progress.run(work))


async def _check(status, cfg):
    # Not registered yet: ask the server the registration form proposes (this app's own).
    url = cfg.get("proxy_url") or bridge.base_url()
    res = await bridge.call("health", {"proxy_url": url})
    online = bool(res.get("online"))
    if online:
        text = "Terhubung ke server."
        if not cfg.get("registered"):
            text += " Komputer ini belum terdaftar."
    else:
        text = "Tidak terhubung ke server: periksa sambungan internet."
    status.textContent = text
    status.className = "ok" if online else "bad"
    status.setAttribute("data-state", "online" if online else "offline")
