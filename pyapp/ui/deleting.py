# Deleting a record. When records that belong to it would go too (a PD's rombel memberships and
# their nilai, ...), the engine answers with a question first; the user decides.
from ui import bridge, dom


async def delete_record(record_type, record_id, question=None):
    """The engine's answer, or None when the user said no."""
    if question and not dom.js.window.confirm(question):
        return None
    res = await bridge.call("delete", {"type": record_type, "id": record_id})
    if res.get("code") == "engine.hapus_perlu_konfirmasi":
        if not dom.js.window.confirm(bridge.message_of(res) + " Lanjutkan?"):
            return None
        res = await bridge.call("delete", {"type": record_type, "id": record_id, "cascade": True})
    return res
