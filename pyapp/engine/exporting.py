"""The "Unduh Excel" calls: a tab's list (as filtered, searched and sorted on screen, every
page), the Validasi Lokal findings, and the Lembar Konfirmasi, each as an xlsx file.

A file travels as base64 text in the reply (`content_b64`), so the contract stays JSON; the
worker's `excel_file` turns it into a Blob for the download (engine/api.py).
"""

from __future__ import annotations

import base64
from typing import Any

from pyapp.core.models import RECORD_TYPES
from pyapp.core.types import date_text
from pyapp.engine import fields as F
from pyapp.engine.excel import XLSX_MIME, Table, workbook_bytes
from pyapp.engine.listing import MAX_PAGE, Listing
from pyapp.engine.overview import Overview
from pyapp.engine.school import School

__all__ = ["Exporting", "file_reply", "school_heading"]

SEVERITY_TEXT = {"invalid": "Invalid", "warning": "Peringatan"}


def file_reply(stem: str, school: School, tables: list[Table]) -> dict[str, Any]:
    """The reply of every call that answers a file: its name, type and bytes (base64)."""
    data = workbook_bytes(tables)
    npsn = school.school_info().get("npsn") or "sekolah"
    day = school.clock().astimezone().strftime("%Y%m%d")
    return {"ok": True, "filename": f"{stem}-{npsn}-{day}.xlsx", "mime": XLSX_MIME,
            "content_b64": base64.b64encode(data).decode("ascii"),
            "rows": sum(len(t.rows) for t in tables), "bytes": len(data)}


def school_heading(school: School, title: str) -> list[str]:
    """The lines above a table: the school, what the table is, and when it was taken."""
    info = school.school_info()
    name = info.get("nama") or "Sekolah"
    npsn = f" (NPSN {info['npsn']})" if info.get("npsn") else ""
    return [f"{name}{npsn}", title, f"Diunduh {date_text(school.clock().astimezone().date())}"]


class Exporting(Overview, Listing):
    async def list_xlsx(self, req: dict[str, Any]) -> dict[str, Any]:
        """A tab's list as an xlsx file: every row that matches the search, filter and sort
        the list shows, not only the page on screen, with the validation counts per row."""
        tname = self.type_of(req)
        page = {**req, "offset": 0, "limit": MAX_PAGE}
        first = await self.list(page)
        items = list(first["items"])
        while len(items) < first["total"]:
            more = await self.list({**page, "offset": len(items)})
            if not more["items"]:
                break
            items.extend(more["items"])
        cols = first["columns"]
        header = ["Nama", *[c["label"] for c in cols], "Invalid", "Peringatan"]
        rows = [[it["label"], *[it["cols"].get(c["name"], "") for c in cols], it["invalid"],
                 it["warning"]] for it in items]
        title = f"Daftar {RECORD_TYPES[tname].KIND}"
        notes = []
        if req.get("q"):
            notes.append(f"pencarian \u201c{req['q']}\u201d")
        if req.get("only"):
            notes.append("hanya yang " + ("invalid" if req["only"] == "invalid" else
                                          "ada peringatan"))
        if notes:
            title += " (" + ", ".join(notes) + ")"
        text_cols = {i + 1 for i, c in enumerate(cols) if c["name"] in F.SEARCH_FIELDS}
        table = Table(RECORD_TYPES[tname].KIND, header, rows, school_heading(self, title),
                      text_columns=text_cols)
        return file_reply(tname.replace("_", "-"), self, [table])

    async def findings_xlsx(self, req: dict[str, Any]) -> dict[str, Any]:
        """The Validasi Lokal findings (of a tab and severity, or all) as an xlsx file:
        invalid first, each with its record, field, message and how to fix it."""
        res = await self.findings({**req, "offset": 0, "limit": 1_000_000})
        header = ["Tab", "Tingkat", "Data", "Jenis data", "Isian", "Pesan", "Cara memperbaiki",
                  "Kode aturan"]
        rows = []
        for f in res["items"]:
            rtype = f.get("record_type") or ""
            kind = RECORD_TYPES[rtype].KIND if rtype in RECORD_TYPES else rtype
            fname = f.get("field") or ""
            column = F.column_label(rtype, fname) if rtype in RECORD_TYPES and fname else fname
            rows.append([f.get("tab"), SEVERITY_TEXT.get(f.get("severity") or "", ""),
                         f.get("record_label"), kind, column, f.get("message"), f.get("hint"),
                         f.get("rule_id")])
        title = "Temuan Validasi Lokal" + (f" — {req['tab']}" if req.get("tab") else "")
        if req.get("severity"):
            title += f" ({SEVERITY_TEXT[req['severity']].lower()})"
        table = Table("Temuan", header, rows, school_heading(self, title))
        return file_reply("validasi", self, [table])
