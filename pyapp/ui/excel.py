# "Unduh Excel": the engine writes the xlsx file and hands it back as a Blob (the bytes never
# pass through this thread as text); the browser then downloads it.
import json

from ui import bridge, dom

#: said while the first Excel file of a visit is made (the engine loads its Excel module then)
PREPARING = "Menyiapkan berkas Excel…"


async def download(call, payload=None):
    """Download the file an engine call answers (a FileReply call of the contract):
    (filename, None), or (None, why it failed)."""
    req = dict(payload or {})
    req["call"] = call
    return await bridge.download("excel_file", json.dumps(req), "Berkas Excel gagal dibuat.")


def button(call, payload_of, status, label="Unduh Excel", testid="btn-unduh-excel"):
    """A button downloading `call`'s file for the request `payload_of()` answers; `status`
    (a role=status node) says what happened."""

    async def click(_e):
        node.disabled = True
        status.className = "muted"
        status.textContent = PREPARING
        filename, err = await download(call, payload_of())
        node.disabled = False
        if filename:
            status.textContent = "Berkas diunduh: " + filename
        else:
            status.className = "error"
            status.textContent = err

    node = dom.button(label, click, cls="btn secondary", testid=testid)
    return node
