"""The engine service: the school in memory (school.py) with every call the UI makes,
grouped by concept in mixins. Pure Python over a `Store`, so the browser (IndexedDBStore)
and the CPython tests (MemoryStore) run exactly the same code.

| module      | calls                                                        |
|-------------|--------------------------------------------------------------|
| overview    | open, record_types, form_meta, summary, findings, dashboard  |
| listing     | list, options, related, rombel_members                       |
| editing     | get, save, delete                                            |
| moving      | move_member, naik_kelas                                      |
| backup      | export_backup, replace_preview, restore_backup, load_sample, |
|             | wipe                                                         |
| exporting   | list_xlsx, findings_xlsx (Unduh Excel)                       |
| importing   | import_template, import_preview, import_commit, import_cancel |
| (here)      | wilayah                                                      |

The contract (request and reply types of each call) is `contract.py`.
"""

from __future__ import annotations

from typing import Any

from pyapp.engine.backup import Backup
from pyapp.engine.editing import Editing
from pyapp.engine.exporting import Exporting
from pyapp.engine.importing import Importing
from pyapp.engine.listing import Listing
from pyapp.engine.moving import Moving
from pyapp.engine.overview import Overview
from pyapp.engine.wilayah import FetchWilayahSource, LokalWilayahSource, wilayah_options

__all__ = ["EngineService", "LokalWilayahSource", "FetchWilayahSource"]


class EngineService(Importing, Exporting, Overview, Listing, Editing, Moving, Backup):
    async def wilayah(self, req: dict[str, Any]) -> list[dict[str, Any]]:
        """The regions under `parent` at `level` (the cascading pickers)."""
        base_url = req.get("base_url") or self.meta.get("base_url")
        return await wilayah_options(self.wilayah_source, req.get("level"),
                                     req.get("parent") or "", base_url)
