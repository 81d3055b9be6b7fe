"""Excel (issue 15, item 12): "Unduh Excel" of a list and of the Validasi findings, and the
import of peserta didik / GTK from the template: a preview naming every bad cell before
anything is saved, then every valid row in one transaction. Files are opened with openpyxl,
as an operator's Excel would."""

from __future__ import annotations

import base64
import datetime as dt
import io

import openpyxl
import pytest

from pyapp.core.validation import validate
from pyapp.engine.store import MemoryStore
from tests.engine.conftest import new_service, run


def _book(reply: dict) -> openpyxl.Workbook:
    assert reply["ok"], reply
    assert reply["filename"].endswith(".xlsx")
    return openpyxl.load_workbook(io.BytesIO(base64.b64decode(reply["content_b64"])))


def _table(ws) -> tuple[list, list[list]]:
    """(header, data rows) of a sheet whose header is the row starting with `Nama`/`Tab`."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r and r[0] in ("Nama", "Tab", "Kelompok"))
    return rows[start], [r for r in rows[start + 1:] if any(v is not None for v in r)]


def test_a_list_downloads_with_every_row_not_only_the_page(svc_small):
    total = run(svc_small.list({"type": "peserta_didik"}))["total"]
    assert total > 50  # more than one page on screen
    book = _book(run(svc_small.list_xlsx({"type": "peserta_didik"})))
    header, rows = _table(book.active)
    assert header[:3] == ["Nama", "Jenis kelamin", "NISN"] and header[-2:] == ["Invalid", "Peringatan"]
    assert len(rows) == total
    first = run(svc_small.list({"type": "peserta_didik", "limit": 1}))["items"][0]
    assert rows[0][0] == first["label"] and rows[0][2] == first["cols"]["nisn"]
    assert book.active["A1"].value.startswith("SD Negeri")  # the school heads the sheet
    # The same filter as on screen: only the invalid ones.
    only = run(svc_small.list({"type": "peserta_didik", "only": "invalid"}))
    _, bad = _table(_book(run(svc_small.list_xlsx({"type": "peserta_didik", "only": "invalid"}))).active)
    assert len(bad) == only["total"] > 0 and all(r[-2] > 0 for r in bad)


def test_user_text_is_written_as_text_never_as_a_formula(svc_small):
    pd = _existing(svc_small)
    assert run(svc_small.save({"type": "peserta_didik",
                               "record": {"id": pd.id, "nama": "=HYPERLINK(\"x\")"}}))["ok"]
    book = _book(run(svc_small.list_xlsx({"type": "peserta_didik", "q": "hyperlink"})))
    _, rows = _table(book.active)
    cell = next(c for c in book.active["A"] if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s" and rows[0][0].startswith("=HYPERLINK")


def test_the_validasi_findings_download_invalid_first(svc_small):
    res = run(svc_small.findings({"limit": 10_000}))
    header, rows = _table(_book(run(svc_small.findings_xlsx({}))).active)
    assert header[:3] == ["Tab", "Tingkat", "Data"]
    assert len(rows) == res["total"]
    levels = [r[1] for r in rows]
    assert levels == sorted(levels, key=lambda v: v != "Invalid") and "Peringatan" in levels
    _, gtk = _table(_book(run(svc_small.findings_xlsx({"tab": "GTK"}))).active)
    assert gtk and {r[0] for r in gtk} == {"GTK"}


# -- import ------------------------------------------------------------------------------------
def _filled(svc, rows: list[dict[str, object]], tname: str = "peserta_didik") -> str:
    """The downloaded template with `rows` typed in under their column titles, as base64."""
    book = _book(run(svc.import_template({"type": tname})))
    ws = book["Data"]
    titles = [c.value for c in ws[1]]
    for r, row in enumerate(rows, start=2):
        for title, value in row.items():
            ws.cell(r, titles.index(title) + 1, value)
    buf = io.BytesIO()
    book.save(buf)
    return base64.b64encode(buf.getvalue()).decode()


def test_the_template_names_every_column_and_offers_the_codes(svc_small):
    book = _book(run(svc_small.import_template({"type": "peserta_didik"})))
    titles = [c.value for c in book["Data"][1]]
    assert titles[:4] == ["Nama lengkap", "Jenis kelamin", "NISN", "NIK"]
    assert book["Data"]["C2"].number_format == "@"  # NISN keeps its leading zeros
    assert "Laki-laki" in [c.value for c in book["Pilihan"]["B"]]
    guide = [r for r in book["Petunjuk"].iter_rows(values_only=True)]
    assert ("Nama lengkap", "wajib", "teks") in guide
    refused = run(svc_small.import_template({"type": "rombel"}))
    assert refused["ok"] is False and refused["code"] == "engine.impor_tidak_didukung"


def _existing(svc) -> object:
    pds = [p for p in svc.data["peserta_didik"].values() if not p.deleted and p.nisn]
    return sorted(pds, key=lambda p: p.nama)[0]


def test_import_previews_new_changed_and_invalid_rows_and_saves_nothing(svc_small):
    svc = svc_small
    known = _existing(svc)
    before = run(svc.list({"type": "peserta_didik"}))["total"]
    changes_before = len(run(svc.store.changes_since(0)))
    content = _filled(svc, [
        {"Nama lengkap": "Budi Santoso", "Jenis kelamin": "Laki-laki", "NISN": "0098765432",
         "NIK": "3273010101100002", "Tanggal lahir": dt.datetime(2013, 5, 17), "Agama": "Islam"},
        {"Nama lengkap": known.nama, "NISN": known.nisn, "Alamat jalan": "Jl. Baru No. 1"},
        {"Nama lengkap": "Citra", "NIK": "12345", "Jenis kelamin": "X"},
        {"Nama lengkap": "Dewi", "NISN": "0098765432", "Tanggal lahir": "31/02/2013"},
        {"Nama lengkap": known.nama, "NISN": known.nisn},  # same as stored: unchanged... and a duplicate
    ])
    res = run(svc.import_preview({"type": "peserta_didik", "content_b64": content,
                                  "filename": "pd.xlsx"}))
    assert res["ok"], res
    assert res["counts"] == {"new": 1, "changed": 1, "same": 0, "invalid": 3}
    by_row = {r["row"]: r for r in res["rows"]}
    assert by_row[2]["status"] == "new" and by_row[3]["status"] == "changed"
    assert by_row[3]["changes"] == ["Alamat jalan"]
    cells = {e["cell"]: e for e in by_row[4]["errors"]}
    assert cells["Baris 4, kolom NIK"]["message"] == "harus 16 digit angka"
    assert cells["Baris 4, kolom NIK"]["ref"] == "D4"
    assert "tidak dikenal" in cells["Baris 4, kolom Jenis kelamin"]["message"]
    dewi = {e["cell"]: e["message"] for e in by_row[5]["errors"]}
    assert dewi["Baris 5, kolom NISN"] == "NISN 0098765432 sudah ada di baris 2"
    assert "bukan tanggal" in dewi["Baris 5, kolom Tanggal lahir"]
    assert [r["row"] for r in res["rows"]][:3] == [4, 5, 6]  # the invalid ones first
    # Nothing was saved by the preview.
    assert run(svc.list({"type": "peserta_didik"}))["total"] == before
    assert len(run(svc.store.changes_since(0))) == changes_before
    assert svc.data["peserta_didik"][known.id].alamat_jalan != "Jl. Baru No. 1"


@pytest.fixture
def counted(small):
    store = MemoryStore()  # counts its write transactions
    svc = new_service(store)
    run(svc.open({}))
    assert run(svc.restore_backup({"text": small[2]}))["ok"]
    store.transactions = 0
    return svc, store


def test_confirm_saves_every_valid_row_in_one_transaction(counted):
    svc, store = counted
    known = _existing(svc)
    rows = [{"Nama lengkap": f"Anak {i}", "Jenis kelamin": "P", "NISN": f"00{i:08d}"}
            for i in range(1, 61)]  # past School.BULK: validated in one go
    rows.append({"Nama lengkap": known.nama, "NISN": known.nisn, "Alamat jalan": "Jl. Impor 7"})
    rows.append({"Nama lengkap": "Salah", "NIK": "1"})
    preview = run(svc.import_preview({"type": "peserta_didik", "content_b64": _filled(svc, rows)}))
    assert preview["counts"] == {"new": 60, "changed": 1, "same": 0, "invalid": 1}
    before = run(svc.list({"type": "peserta_didik"}))["total"]
    done = run(svc.import_commit({"token": preview["token"]}))
    assert done["ok"] and (done["created"], done["updated"], done["skipped"]) == (60, 1, 1)
    assert store.transactions == 1
    assert run(svc.list({"type": "peserta_didik"}))["total"] == before + 60
    # Validated in one go, the findings are those of a full run on the school.
    full = validate(svc.snapshot())
    assert [f.to_dict() for f in svc.report.findings] == [f.to_dict() for f in full.findings]
    assert svc.summary_counts() == full.summary
    assert svc.data["peserta_didik"][known.id].alamat_jalan == "Jl. Impor 7"
    assert svc.data["peserta_didik"][known.id].version == known.version + 1
    found = run(svc.list({"type": "peserta_didik", "q": "anak 17"}))["items"]
    assert [i["label"] for i in found] == ["Anak 17 (NISN 0000000017)"]  # leading zeros kept
    # The same preview cannot be saved twice.
    again = run(svc.import_commit({"token": preview["token"]}))
    assert again["ok"] is False and again["code"] == "engine.impor_kedaluwarsa"


def test_cancel_or_an_edit_in_between_saves_nothing(counted):
    svc, store = counted
    content = _filled(svc, [{"Nama lengkap": "Ekowati Zulaikha", "Jenis kelamin": "P"}])
    preview = run(svc.import_preview({"type": "peserta_didik", "content_b64": content}))
    assert run(svc.import_cancel({}))["ok"]
    assert run(svc.import_commit({"token": preview["token"]}))["code"] == "engine.impor_kedaluwarsa"
    preview = run(svc.import_preview({"type": "peserta_didik", "content_b64": content}))
    pd = _existing(svc)
    assert run(svc.save({"type": "peserta_didik", "record": {"id": pd.id, "nama_dusun": "X"}}))["ok"]
    stale = run(svc.import_commit({"token": preview["token"]}))
    assert stale["ok"] is False and "berubah sejak pratinjau" in stale["message"]
    assert store.transactions == 1  # the edit only
    assert not run(svc.list({"type": "peserta_didik", "q": "ekowati"}))["items"]


def test_gtk_import_matches_by_nik(svc_small):
    ptk = next(p for p in svc_small.data["ptk"].values() if not p.deleted and p.nik)
    content = _filled(svc_small, [{"Nama lengkap": ptk.nama, "NIK": ptk.nik, "Nomor HP": "081234567890"},
                                  {"Nama lengkap": "Guru Baru", "Jenis kelamin": "L"}], "ptk")
    res = run(svc_small.import_preview({"type": "ptk", "content_b64": content}))
    assert res["counts"] == {"new": 1, "changed": 1, "same": 0, "invalid": 0}
    assert run(svc_small.import_commit({"token": res["token"]}))["ok"]
    assert svc_small.data["ptk"][ptk.id].nomor_hp == "081234567890"


def test_a_file_that_is_not_the_template_is_refused_with_the_reason(svc_small):
    junk = base64.b64encode(b"not a zip at all").decode()
    res = run(svc_small.import_preview({"type": "peserta_didik", "content_b64": junk,
                                        "filename": "data.xlsx"}))
    assert res["ok"] is False and res["code"] == "engine.excel_tidak_terbaca"
    assert res["message"].startswith("data.xlsx: berkas bukan buku kerja Excel")
    book = openpyxl.Workbook()
    book.active.append(["Nomor", "Alamat"])
    book.active.append([1, "Jl. A"])
    buf = io.BytesIO()
    book.save(buf)
    res = run(svc_small.import_preview({"type": "peserta_didik", "filename": "lain.xlsx",
                                        "content_b64": base64.b64encode(buf.getvalue()).decode()}))
    assert res["ok"] is False and "kolom \u201cNama lengkap\u201d tidak ditemukan" in res["message"]


def test_an_imported_kode_wilayah_gets_its_kemendikbud_code_as_a_save_does(tmp_path):
    import json

    from pyapp.core.rujukan.wilayah import export_wilayah
    from pyapp.engine.service import EngineService
    from pyapp.engine.wilayah import FetchWilayahSource
    from tests.engine.conftest import Clock

    export_wilayah(tmp_path)

    async def fetch_json(url: str):
        return json.loads((tmp_path / url.rsplit("/", 1)[1]).read_text())

    svc = EngineService(MemoryStore(), clock=Clock(), wilayah_source=FetchWilayahSource(fetch_json))
    run(svc.open({"base_url": "http://127.0.0.1/"}))
    content = _filled(svc, [{"Nama lengkap": "Sari Wilayah", "Kode wilayah": "32.73.01.1001"}])
    preview = run(svc.import_preview({"type": "peserta_didik", "content_b64": content}))
    assert preview["counts"]["new"] == 1, preview
    assert run(svc.import_commit({"token": preview["token"]}))["ok"]
    (pd,) = [p for p in svc.data["peserta_didik"].values() if p.nama == "Sari Wilayah"]
    assert pd.kode_wilayah_kemendikbud == "026025AB"  # Kota Bandung, Sukasari
