"""Impor dari Excel: peserta didik and GTK from the template's sheet, checked row by row and
shown as a preview (new / changed / unchanged / invalid, each problem naming its cell) before
anything is saved; the operator's "Simpan" then writes every valid row in ONE transaction.

A row is matched to a record already here by its identity numbers (a pupil's NISN, else NIK;
a GTK's NIK, else NUPTK, else NIP): a match is a change, anything else a new record. An empty
cell never clears what is stored. Each row goes through the same checks as the form (the
model's field checks and references, `Editing._merged`); Validasi Lokal's findings do not
refuse a row, they show up after the save as for any other edit.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from typing import Any

from pyapp.core.models import RECORD_TYPES
from pyapp.engine import _problems as P
from pyapp.engine import fields as F
from pyapp.engine.editing import Editing
from pyapp.engine.excel import Table, column_letter, read_sheet
from pyapp.engine.exporting import file_reply, school_heading

__all__ = ["Importing", "IMPORT_KEYS"]

#: the types that can be imported, with the fields that identify a record already here
IMPORT_KEYS: dict[str, tuple[str, ...]] = {"peserta_didik": ("nisn", "nik"),
                                           "ptk": ("nik", "nuptk", "nip")}
SHEET = "Data"
TEMPLATE_ROWS = 300  # formatted empty rows in the template (text columns keep leading zeros)
SHOWN_ROWS = 500  # rows of each status listed in a preview (the counts are always complete)
YES = {"ya", "y", "true", "1", "benar"}
NO = {"tidak", "t", "false", "0", "salah", "bukan"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def import_columns(tname: str) -> list[dict[str, Any]]:
    """The template's columns: the form's fields (references to other records left out)."""
    return [s for s in F.field_specs(tname) if s["kind"] != "ref"]


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a NIK typed into a number cell
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def parse_cell(spec: dict[str, Any], value: Any) -> tuple[Any, str | None]:
    """A cell's value as the field wants it, or the reason it cannot be one."""
    kind = spec["kind"]
    if kind == "select":
        text = _text(value).casefold()
        for code, label in spec["choices"] or []:
            if text in (str(code).casefold(), str(label).casefold()):
                return code, None
        shown = ", ".join(str(lab) for _c, lab in (spec["choices"] or [])[:6])
        return None, f"pilihan \u201c{value}\u201d tidak dikenal (mis. {shown})"
    if kind == "checkbox":
        text = _text(value).casefold()
        if text in YES:
            return True, None
        if text in NO:
            return False, None
        return None, f"isi Ya atau Tidak, bukan \u201c{value}\u201d"
    if kind == "number":
        if isinstance(value, bool):
            return None, "harus angka"
        if isinstance(value, (int, float)):
            return (int(value) if float(value).is_integer() and spec["step"] == 1 else value), None
        try:
            num = float(str(value).replace(",", "."))
        except ValueError:
            return None, f"harus angka, bukan \u201c{value}\u201d"
        return (int(num) if num.is_integer() else num), None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat(), None
        if isinstance(value, dt.date):
            return value.isoformat(), None
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(str(value), fmt).date().isoformat(), None
            except ValueError:
                continue
        return None, f"bukan tanggal: \u201c{value}\u201d (tulis hh/bb/tttt, mis. 17/08/2012)"
    return _text(value), None


class Importing(Editing):
    _import_plan: dict[str, Any] | None = None

    def _importable(self, req: dict[str, Any]) -> str:
        tname = self.type_of(req)
        if tname not in IMPORT_KEYS:
            raise P.IMPOR_TIDAK_DIDUKUNG.error(kind=RECORD_TYPES[tname].KIND)
        return tname

    async def import_template(self, req: dict[str, Any]) -> dict[str, Any]:
        """The Excel template of an import (peserta didik or GTK): one column per field with
        drop-downs for coded fields, and a "Petunjuk" sheet saying what each column takes."""
        tname = self._importable(req)
        cols = import_columns(tname)
        header = [c["label"] for c in cols]
        choices = {i: [str(lab) for _c, lab in c["choices"]] for i, c in enumerate(cols)
                   if c["kind"] == "select" and c["choices"]}
        data = Table(SHEET, header, [], text_columns={i for i, c in enumerate(cols)
                                                      if c["kind"] == "text"},
                     choices=choices, blank_rows=TEMPLATE_ROWS)
        keys = " atau ".join(F.column_label(tname, k) for k in IMPORT_KEYS[tname])
        notes = [[f"Isi satu {RECORD_TYPES[tname].KIND.lower()} per baris, mulai baris ke-2 "
                  f"lembar \u201c{SHEET}\u201d. Jangan ubah judul kolom.", "", ""],
                 [f"Baris dengan {keys} yang sudah ada mengubah data itu; baris lain menjadi "
                  "data baru. Sel kosong tidak menghapus isian yang sudah ada.", "", ""], ["", "", ""]]
        for c in cols:
            how = {"select": "pilih dari daftar", "date": "tanggal hh/bb/tttt",
                   "number": "angka", "checkbox": "Ya atau Tidak"}.get(c["kind"], "teks")
            if c.get("pattern"):
                how += f" ({c['help'] or c['pattern']})" if c.get("help") else ""
            notes.append([c["label"], "wajib" if c["required"] else "", how])
        guide = Table("Petunjuk", ["Kolom", "Wajib", "Isian"], notes,
                      school_heading(self, f"Templat impor {RECORD_TYPES[tname].KIND}"))
        return file_reply(f"templat-{tname.replace('_', '-')}", self, [data, guide])

    async def import_preview(self, req: dict[str, Any]) -> dict[str, Any]:
        """Read an xlsx file of peserta didik or GTK and check every row; nothing is saved.
        Answers the counts (new, changed, unchanged, invalid), the rows with what is new or
        changed, every problem with its cell ("Baris 14, kolom NIK: ..."), and a token for
        `import_commit`."""
        await self.ensure_open()
        tname = self._importable(req)
        filename = str(req.get("filename") or "berkas.xlsx")
        specs = {c["label"].casefold(): c for c in import_columns(tname)}
        specs.update({c["name"]: c for c in import_columns(tname)})
        name_titles = {"nama", F.column_label(tname, "nama").casefold()}
        try:
            content = base64.b64decode(str(req.get("content_b64") or ""), validate=True)
            header, rows = read_sheet(content, SHEET, lambda cells: any(
                str(c).strip().casefold() in name_titles for c in cells if c is not None))
        except ValueError as exc:
            reason = str(exc) if "berkas" in str(exc) else "isi berkas rusak."
            raise P.EXCEL_TIDAK_TERBACA.error(reason=f"{filename}: {reason}") from None
        at: dict[int, dict[str, Any]] = {}
        ignored: list[str] = []
        for i, title in enumerate(header):
            spec = specs.get(str(title or "").strip().casefold()) if title is not None else None
            if spec is None or spec["name"] in {s["name"] for s in at.values()}:
                if title not in (None, ""):
                    ignored.append(str(title))
                continue
            at[i] = spec
        if "nama" not in {s["name"] for s in at.values()}:
            raise P.EXCEL_TIDAK_TERBACA.error(
                reason=f"{filename}: kolom \u201c{F.column_label(tname, 'nama')}\u201d tidak "
                       "ditemukan di baris judul.")
        async with self._lock:
            plan = self._plan(tname, at, rows)
        self._import_plan = {**plan, "token": uuid.uuid4().hex, "type": tname,
                             "revision": self.revision}
        shown: dict[str, int] = {}
        listed = []
        for row in plan["rows"]:
            if row["status"] != "same" and shown.get(row["status"], 0) < SHOWN_ROWS:
                shown[row["status"]] = shown.get(row["status"], 0) + 1
                listed.append(row)
        listed.sort(key=lambda r: (r["status"] != "invalid", r["row"]))
        return {"ok": True, "token": self._import_plan["token"], "type": tname,
                "kind": RECORD_TYPES[tname].KIND, "filename": filename,
                "counts": plan["counts"], "rows": listed, "ignored_columns": ignored}

    def _plan(self, tname: str, at: dict[int, dict[str, Any]],
              rows: list[tuple[int, list[Any]]]) -> dict[str, Any]:
        keys = IMPORT_KEYS[tname]
        index: dict[tuple[str, str], str] = {}
        for rec in self.data[tname].values():
            if not rec.deleted:
                for k in keys:
                    if getattr(rec, k, None):
                        index.setdefault((k, str(getattr(rec, k))), rec.id)
        seen: dict[tuple[str, str], int] = {}
        out_rows: list[dict[str, Any]] = []
        records: list[Any] = []
        counts = {"new": 0, "changed": 0, "same": 0, "invalid": 0}
        for number, cells in rows:
            errors: list[dict[str, str]] = []
            values: dict[str, Any] = {}
            where: dict[str, str] = {}
            for i, spec in at.items():
                raw = _plain(cells[i]) if i < len(cells) else None
                where[spec["name"]] = column_letter(i)
                if raw is None:
                    continue
                value, problem = parse_cell(spec, raw)
                if problem:
                    errors.append(_cell_error(number, spec["label"], column_letter(i), problem))
                else:
                    values[spec["name"]] = value
            match, dup = None, None
            for k in keys:
                v = values.get(k)
                if v is None:
                    continue
                if (k, str(v)) in seen:
                    dup = (k, v, seen[(k, str(v))])
                seen.setdefault((k, str(v)), number)
                match = match or index.get((k, str(v)))
            if dup is not None:
                label = F.column_label(tname, dup[0])
                errors.append(_cell_error(number, label, where.get(dup[0], ""),
                                          f"{label} {dup[1]} sudah ada di baris {dup[2]}"))
            old = self.data[tname].get(match) if match else None
            rec, field_errors = self._merged(tname, {**values, "id": match} if match else values)
            for fname, message in field_errors.items():
                label = F.column_label(tname, fname)
                errors.append(_cell_error(number, label, where.get(fname, ""), message))
            row: dict[str, Any] = {"row": number, "label": str(values.get("nama") or
                                                                (old.nama if old else "")) or "(tanpa nama)"}
            if errors or rec is None:
                row.update(status="invalid", errors=errors)
            elif old is not None:
                changed = [F.column_label(tname, f) for f in values
                           if getattr(old, f, None) != getattr(rec, f, None)]
                row.update(status="changed" if changed else "same", changes=changed)
                if changed:
                    records.append(rec)
            else:
                row["status"] = "new"
                records.append(rec)
            counts[row["status"]] += 1
            out_rows.append(row)
        return {"rows": out_rows, "records": records, "counts": counts}

    async def import_commit(self, req: dict[str, Any]) -> dict[str, Any]:
        """Save the previewed import: every new and changed row in ONE transaction (invalid
        rows are left out, as the preview said). Refused when the preview is not the last one
        or the school changed since it was made."""
        await self.ensure_open()
        plan = self._import_plan
        if plan is None or plan["token"] != req.get("token"):
            raise P.IMPOR_KEDALUWARSA.error(reason="pratinjau lain sudah dibuat atau dibatalkan.")
        if plan["revision"] != self.revision:
            self._import_plan = None
            raise P.IMPOR_KEDALUWARSA.error(reason="data berubah sejak pratinjau dibuat.")
        now = self.clock()
        # As a form save does: Dapodik's own kode wilayah beside the Kemendagri one.
        records = [await self._kemendikbud(r.model_copy(update={"updated_at": now}))
                   for r in plan["records"]]
        async with self._lock:
            ms = await self.write({plan["type"]: records}, at=now) if records else {}
        self._import_plan = None
        return {"ok": True, "created": plan["counts"]["new"], "updated": plan["counts"]["changed"],
                "skipped": plan["counts"]["invalid"], "summary": self.summary_counts(), "ms": ms}

    async def import_cancel(self, req: dict[str, Any]) -> dict[str, Any]:
        """Forget the previewed import (nothing was saved)."""
        self._import_plan = None
        return {"ok": True}


def _cell_error(row: int, column: str, letter: str, message: str) -> dict[str, str]:
    return {"cell": f"Baris {row}, kolom {column}", "ref": f"{letter}{row}" if letter else "",
            "column": column, "message": message}
