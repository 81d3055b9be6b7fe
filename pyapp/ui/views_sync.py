# Sinkronisasi: connection status with the proxy (from its health endpoint, not navigator.onLine).
from ui import bridge, dom


async def render(_parts):
    main = dom.main_area()
    dom.clear(main)
    card = dom.el("section", cls="card", testid="sinkronisasi")
    card.append(dom.el("h1", text="Sinkronisasi"))
    status = dom.el("p", text="Memeriksa koneksi ke server…", testid="sync-status")
    card.append(status)
    main.append(card)
    ok = False
    try:
        resp = await dom.js.fetch(bridge.base_url() + "api/health")
        ok = bool(resp.ok)
    except Exception:  # noqa: BLE001 - offline shows as "belum terhubung"
        ok = False
    status.textContent = "Terhubung ke server." if ok else "Belum terhubung ke server."
    status.className = "ok" if ok else "bad"
    status.setAttribute("data-state", "online" if ok else "offline")
    card.append(dom.el("p", cls="muted", text="Pengiriman data (Lembar Konfirmasi, Persetujuan, "
                                             "unggah) belum tersedia di versi ini. Buat cadangan "
                                             "data dari menu Pengaturan."))
