"""Excel workbooks (xlsx) in and out, over openpyxl: a table written as a sheet the operator
can filter and print, and the rows of an uploaded sheet read back as cell values.

openpyxl is not loaded at start-up: in the browser its wheels are installed at the first call
that needs them (vendor.lock.json, group "excel"; engine/api.py), so it is imported inside
the functions here, never at module level.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Table", "workbook_bytes", "read_sheet", "column_letter", "XLSX_MIME"]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: the widest a column is made (characters); longer texts wrap in Excel
MAX_WIDTH = 60
#: rows of an uploaded sheet read at most (a school has a few thousand pupils)
MAX_ROWS = 20_000


@dataclass
class Table:
    """One sheet: optional heading lines (school, title), a header row and the rows.
    `text_columns` (0-based) are formatted as text so Excel keeps leading zeros (NISN, NIK);
    `choices` maps a column to the values offered in a drop-down (import templates)."""

    title: str
    header: list[str]
    rows: list[list[Any]]
    heading: list[str] = field(default_factory=list)
    text_columns: set[int] = field(default_factory=set)
    choices: dict[int, list[str]] = field(default_factory=dict)
    blank_rows: int = 0  # empty formatted rows after the data (a template to fill)


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def workbook_bytes(tables: list[Table]) -> bytes:
    """The tables as one xlsx file: bold frozen header, auto filter, fitted widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.remove(wb.active)
    lists = None
    for table in tables:
        ws = wb.create_sheet(table.title[:31])
        for line in table.heading:
            ws.append([line])
            ws.cell(ws.max_row, 1).font = Font(bold=ws.max_row == 1)
        if table.heading:
            ws.append([])
        head_row = ws.max_row + 1 if table.heading else 1
        ws.append(list(table.header))
        for cell in ws[head_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append(row)
            for i, v in enumerate(row):
                if isinstance(v, str) and v.startswith("="):
                    ws.cell(ws.max_row, i + 1).data_type = "s"  # user text is never a formula
        last = head_row + len(table.rows) + table.blank_rows
        widths = [len(str(h)) for h in table.header]
        for row in table.rows[:500]:  # fitted to the first rows: enough, and fast
            for i, v in enumerate(row[:len(widths)]):
                widths[i] = max(widths[i], len(str(v)) if v is not None else 0)
        for i, w in enumerate(widths):
            letter = column_letter(i)
            ws.column_dimensions[letter].width = min(MAX_WIDTH, w + 2)
            if i in table.text_columns:
                for r in range(head_row + 1, last + 1):
                    ws.cell(r, i + 1).number_format = "@"
        ws.freeze_panes = ws.cell(head_row + 1, 1)
        if table.header:
            ws.auto_filter.ref = f"A{head_row}:{column_letter(len(table.header) - 1)}{max(last, head_row)}"
        for i, options in table.choices.items():
            if lists is None:
                lists = wb.create_sheet("Pilihan")
            col = column_letter(i)
            lists.cell(1, i + 1, table.header[i]).font = Font(bold=True)
            for r, text in enumerate(options, start=2):
                lists.cell(r, i + 1, text)
            dv = DataValidation(type="list", allow_blank=True,
                                formula1=f"Pilihan!${col}$2:${col}${len(options) + 1}")
            dv.add(f"{col}{head_row + 1}:{col}{max(last, head_row + 1)}")
            ws.add_data_validation(dv)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_sheet(content: bytes, prefer: str, is_header: Callable[[list[Any]], bool]
               ) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """The header (the first row `is_header` accepts: lines above it, such as a title, are
    skipped) and the non-empty rows below it with their Excel row numbers, from the sheet
    named `prefer` if there is one, else the first sheet. No header found: ([], []). Raises
    ValueError with an Indonesian reason when the bytes are not an xlsx workbook."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, XML or format errors: one reason
        raise ValueError("berkas bukan buku kerja Excel (.xlsx) yang dapat dibaca "
                         f"({type(exc).__name__}).") from None
    try:
        ws = wb[prefer] if prefer in wb.sheetnames else wb.worksheets[0]
        header: list[Any] | None = None
        rows: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = list(values)
            if not any(v not in (None, "") for v in cells):
                continue
            if header is None:
                if is_header(cells):
                    header = cells
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise ValueError(f"berkas berisi lebih dari {MAX_ROWS} baris data.")
        return header or [], rows
    finally:
        wb.close()
