"""Guarantees of the sync proxy, each pinned through the public API, in-process and against a
real server process (both on a fresh SQLite file):

1. a change without a base version, or with a stale one, never overwrites another computer's
   data: it is reported as a conflict in the receipt and the server keeps what it had;
2. the manifest's per-tab counts (the figures the principal confirms) are checked on their own;
3. the server bumps a record's version itself when a client sends an edit without bumping it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pyapp.core.sync import Change, change_of
from tests.proxy.live import KINDS, Proxy
from tests.proxy.sync_client import SyncClient, edit, full_changes

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module", params=KINDS)
def proxy(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    p = Proxy(request.param, tmp_path_factory.mktemp(f"guarantees-{request.param}"))
    yield p
    p.close()


def _server_state(who: SyncClient) -> dict[str, dict[str, Any]]:
    """What the server holds, as pulled from the start (deleted records included)."""
    return {c["id"]: c for c in who.pull_all(cursor=0)[0]}


#: A record type and the edit of each computer: a PD (names), and a periodik row, whose
#: deletion breaks no rule (a PD's deletion must take its memberships along).
EDITS = {"peserta_didik": ({"nama": "Nama Dari A", "tempat_lahir": "Bogor"},
                           {"nama": "Nama Dari B", "tempat_lahir": "Medan"}),
         "periodik_pd": ({"tinggi_badan": 131, "berat_badan": 29}, {"tinggi_badan": 140, "berat_badan": 35})}



def _conflict(c: dict[str, Any]) -> dict[str, Any]:
    """A receipt's conflict without the server's record it carries (compared apart)."""
    return {k: c[k] for k in ("type", "id", "base_version", "server_version")}

def _a_pushed_and_edited(proxy: Proxy, demo: Any,
                         rtype: str = "peserta_didik") -> tuple[SyncClient, Any, dict[str, Any]]:
    """Computer A pushes the school, then edits one record (server version 2)."""
    a = proxy.register(demo)
    assert a.send(a.full_push()).status_code == 200
    rec = demo.records[rtype][3]
    r = a.send(a.make_push([edit(rec, **EDITS[rtype][0])]))
    assert r.status_code == 200 and r.json()["counts"]["updated"] == 1, r.text
    stored = _server_state(a)[rec.id]
    assert stored["version"] == 2
    assert {k: stored["record"][k] for k in EDITS[rtype][0]} == EDITS[rtype][0]
    return a, rec, stored


# -- 1. no base version / stale base version -------------------------------------------------

def _b_change(rtype: str, rec: Any, op: str, base: int | None) -> Change:
    if op == "delete":
        return Change(type=rtype, id=rec.id, op="delete", base_version=base)
    return change_of(rec.model_copy(update=EDITS[rtype][1]), base_version=base)


@pytest.mark.parametrize("op", ["upsert", "delete"])
@pytest.mark.parametrize("base", [None, 1], ids=["no-base-version", "stale-base-version"])
def test_a_change_not_based_on_the_servers_version_never_overwrites(proxy, demo, op, base):
    """B was restored from an older backup (stale base) or registered without the prefill (no
    base): its change to a record A already moved is a conflict, and A's values stay."""
    a, pd, before = _a_pushed_and_edited(proxy, demo)
    b = proxy.another_computer(a)
    r = b.send(b.make_push([_b_change("peserta_didik", pd, op, base)]))
    assert r.status_code == 200, r.text
    receipt = r.json()
    assert receipt["counts"] == {"created": 0, "updated": 0, "deleted": 0, "conflict": 1}
    assert [_conflict(c) for c in receipt["conflicts"]] == [
        {"type": "peserta_didik", "id": pd.id, "base_version": base, "server_version": 2}]
    # the receipt carries the server's record, so the operator can choose a side
    assert receipt["conflicts"][0]["server_record"]["nama"] == before["record"]["nama"]
    assert receipt["tabs"]["Peserta Didik"]["conflict"] == 1
    after = _server_state(a)[pd.id]
    assert after == before  # same version, same values, not deleted
    assert after["record"]["nama"] == "Nama Dari A" and not after["deleted"]


@pytest.mark.parametrize(("rtype", "op"), [("peserta_didik", "upsert"), ("periodik_pd", "upsert"),
                                           ("periodik_pd", "delete")])
def test_a_change_based_on_the_current_version_is_applied(proxy, demo, rtype, op):
    a, rec, _ = _a_pushed_and_edited(proxy, demo, rtype)
    b = proxy.another_computer(a)
    r = b.send(b.make_push([_b_change(rtype, rec, op, 2)]))
    assert r.status_code == 200, r.text
    assert r.json()["counts"] == {"created": 0, "updated": int(op == "upsert"),
                                  "deleted": int(op == "delete"), "conflict": 0}
    after = _server_state(a)[rec.id]
    assert after["version"] == 3
    assert after["deleted"] is (op == "delete")
    if op == "upsert":
        assert {k: after["record"][k] for k in EDITS[rtype][1]} == EDITS[rtype][1]
    else:  # a delete by id only: the server stamps the stored record itself, in UTC
        stamped = datetime.fromisoformat(after["record"]["updated_at"].replace("Z", "+00:00"))
        assert stamped.utcoffset() == timedelta(0)
        assert abs(datetime.now(timezone.utc) - stamped) < timedelta(minutes=5)


def test_a_new_record_without_base_version_is_created_not_a_conflict(proxy, demo):
    a, _, _ = _a_pushed_and_edited(proxy, demo)
    b = proxy.another_computer(a)
    new_id = "7d0c3a52-1c1e-4c59-8a0f-2b9f8f1d0a01"
    row = demo.records["periodik_pd"][0].model_copy(update={"id": new_id, "semester_id": "20242"})
    r = b.send(b.make_push([change_of(row, base_version=None)]))
    assert r.status_code == 200, r.text
    assert r.json()["counts"] == {"created": 1, "updated": 0, "deleted": 0, "conflict": 0}
    assert _server_state(a)[new_id]["version"] == 1


# -- 2. the manifest's counts on their own ----------------------------------------------------

def _with_counts(push: Any, counts: dict[str, int]) -> Any:
    return push.model_copy(update={"manifest": push.manifest.model_copy(update={"counts": counts})})


def _wrong_counts(counts: dict[str, int]) -> list[tuple[str, dict[str, int]]]:
    tab = "Peserta Didik"
    less = {k: v for k, v in counts.items() if k != "Nilai"}
    return [("one more", {**counts, tab: counts[tab] + 1}), ("one fewer", {**counts, tab: counts[tab] - 1}),
            ("a tab missing", less), ("an extra tab", {**counts, "Nilai": counts.get("Nilai", 0) + 1}
                                      if "Nilai" not in counts else {**less, "Sarpras": counts["Sarpras"] + 1})]


def test_wrong_counts_with_a_correct_content_hash_are_refused(proxy, demo):
    school = proxy.register(demo)
    push = school.full_push()
    counts = dict(push.manifest.counts)
    for what, wrong in _wrong_counts(counts):
        bad = _with_counts(push, wrong)
        assert bad.manifest.content_hash == push.manifest.content_hash  # only the counts lie
        r = school.send(bad)
        assert r.status_code == 422, (what, r.text)
        body = r.json()
        assert body["code"] == "push.manifest_tidak_cocok", what
        assert body["details"]["what"] == "counts", what
        assert body["details"]["expected"] == counts, what
        assert body["details"]["got"] == wrong, what
    assert school.pull_all()[0] == []  # nothing stored
    # a tab listed with 0 changes is still the truth
    r = school.send(_with_counts(push, {**counts, "Nilai": counts.get("Nilai", 0)}
                                 if "Nilai" in counts else {**counts, "Nilai": 0}))
    assert r.status_code == 200, r.text


# -- 3. the server bumps the version ----------------------------------------------------------

def test_an_edit_sent_without_a_version_bump_is_stored_with_the_next_version(proxy, demo):
    a = proxy.register(demo)
    assert a.send(a.full_push()).status_code == 200
    pd = demo.records["peserta_didik"][5]
    assert pd.version == 1
    unbumped = pd.model_copy(update={"nama": "Tanpa Naik Versi"})  # version still 1
    r = a.send(a.make_push([change_of(unbumped, base_version=1)]))
    assert r.status_code == 200 and r.json()["counts"]["updated"] == 1, r.text
    stored = _server_state(a)[pd.id]
    assert (stored["version"], stored["record"]["version"]) == (2, 2)
    assert stored["record"]["nama"] == "Tanpa Naik Versi"
    # the next un-bumped edit, based on version 2, moves it to 3
    again = pd.model_copy(update={"nama": "Tanpa Naik Lagi"})
    r = a.send(a.make_push([change_of(again, base_version=2)]))
    assert r.status_code == 200 and r.json()["counts"]["updated"] == 1, r.text
    assert _server_state(a)[pd.id]["version"] == 3
    # so another computer still on version 1 or 2 is told it is behind
    b = proxy.another_computer(a)
    r = b.send(b.make_push([edit(pd, nama="Dari B")]))
    assert [_conflict(c) for c in r.json()["conflicts"]] == [
        {"type": "peserta_didik", "id": pd.id, "base_version": 1, "server_version": 3}]


def test_a_client_version_ahead_of_the_server_is_kept(proxy, demo):
    a = proxy.register(demo)
    assert a.send(a.full_push()).status_code == 200
    pd = demo.records["peserta_didik"][6]
    ahead = pd.model_copy(update={"nama": "Versi Lompat", "version": 7})
    r = a.send(a.make_push([change_of(ahead, base_version=1)]))
    assert r.status_code == 200, r.text
    assert _server_state(a)[pd.id]["version"] == 7


# -- the server re-checks date relations ------------------------------------------------------

def test_a_leaving_date_before_the_entry_date_is_refused_by_the_server(proxy, demo):
    a = proxy.register(demo)
    changes = full_changes(demo, a.npsn)
    i = next(i for i, c in enumerate(changes) if c.type == "registrasi")
    reg = changes[i].record
    changes[i] = changes[i].model_copy(update={"record": {**reg, "jenis_keluar": 2,
                                                          "tanggal_keluar": "2019-01-01"}})
    r = a.send(a.make_push(changes))
    assert r.status_code == 422, r.text
    found = {(f["rule_id"], f["record_id"], f["field"]) for f in r.json()["details"]["findings"]}
    assert ("PD-REGISTRASI-KELUAR", changes[i].id, "tanggal_keluar") in found
    assert a.pull_all()[0] == []


def test_a_push_naming_one_record_twice_is_refused_naming_it(proxy, demo):
    a = proxy.register(demo)
    changes = full_changes(demo, a.npsn)
    i = next(i for i, c in enumerate(changes) if c.type == "periodik_pd")
    r = a.send(a.make_push([*changes, changes[i]]))
    assert r.status_code == 422, r.text
    (f,) = r.json()["details"]["findings"]
    assert (f["rule_id"], f["record_type"], f["record_id"], f["field"]) == (
        "proxy.ganda", "periodik_pd", changes[i].id, "id")
    assert f["message"] == "data yang sama dikirim dua kali"
    assert a.pull_all()[0] == []


def _bad_change(kind: str, changes: list[Change]) -> tuple[list[Change], tuple[str, str, str, str | None]]:
    """One change of a correct full push spoiled the way a broken or hostile client would."""
    i = next(i for i, c in enumerate(changes) if c.type == "peserta_didik")
    c = changes[i]
    if kind == "model":  # a field the model refuses: the finding names that field
        changes[i] = c.model_copy(update={"record": {**c.record, "nik": "12"}})
        return changes, ("model.peserta_didik", "peserta_didik", c.id, "nik")
    if kind == "empty":  # an upsert that carries no record at all
        changes[i] = Change(type=c.type, id=c.id, op="upsert", base_version=None)
        return changes, ("proxy.isi_kosong", "peserta_didik", c.id, None)
    if kind == "id":  # the record inside says it is another record
        other = "7d0c3a52-1c1e-4c59-8a0f-2b9f8f1d0a02"
        changes[i] = c.model_copy(update={"record": {**c.record, "id": other}})
        return changes, ("proxy.id_tidak_cocok", "peserta_didik", c.id, "id")
    # the same id sent again as another record type
    j = next(j for j, d in enumerate(changes) if d.type == "periodik_pd")
    changes[j] = changes[j].model_copy(update={"id": c.id, "record": {**changes[j].record,
                                                                       "id": c.id}})
    return changes, ("proxy.ganda", "periodik_pd", c.id, "id")


@pytest.mark.parametrize("kind", ["model", "empty", "id", "type"])
def test_a_malformed_change_is_refused_naming_record_and_field(proxy, demo, kind):
    a = proxy.register(demo)
    changes, expected = _bad_change(kind, full_changes(demo, a.npsn))
    r = a.send(a.make_push(changes))
    assert r.status_code == 422, r.text
    found = [(f["rule_id"], f["record_type"], f["record_id"], f["field"])
             for f in r.json()["details"]["findings"]]
    assert expected in found
    assert all(f["severity"] == "invalid" and f["message"] for f in r.json()["details"]["findings"])
    named = next(f for f in r.json()["details"]["findings"]
                 if (f["rule_id"], f["record_id"]) == expected[::2])
    assert named["record_label"].endswith(expected[2][:8])  # e.g. "Peserta didik 1a2b3c4d"
    assert named["tab"]
    assert named["hint"] == ("Perbaiki isian ini di formulir." if kind == "model"
                             else "Perbarui aplikasi lalu kirim ulang.")
    assert a.pull_all()[0] == []


def test_an_id_already_held_by_another_record_type_is_refused(proxy, demo):
    a = proxy.register(demo)
    assert a.send(a.full_push()).status_code == 200
    pd = demo.records["peserta_didik"][0]
    row = demo.records["periodik_pd"][0].model_copy(update={"id": pd.id, "semester_id": "20242"})
    r = a.send(a.make_push([change_of(row, base_version=None)]))
    assert r.status_code == 422, r.text
    (f,) = r.json()["details"]["findings"]
    assert (f["rule_id"], f["record_type"], f["record_id"], f["field"]) == (
        "proxy.id_dipakai", "periodik_pd", pd.id, "id")
    assert "peserta_didik" in f["message"]
    assert _server_state(a)[pd.id]["record"]["nama"] == pd.nama


def test_a_delete_of_a_record_the_server_never_had_is_kept_as_deleted(proxy, demo):
    """A computer deletes a record it made but never sent: the push carries the deleted
    record; the server counts it as deleted (not created) and keeps it only as a deletion."""
    a = proxy.register(demo)
    assert a.send(a.full_push()).status_code == 200
    pd = demo.records["peserta_didik"][0]
    gone = pd.model_copy(update={"id": "5f0c3a52-1c1e-4c59-8a0f-2b9f8f1d0a07", "nik": None,
                                 "deleted": True})
    r = a.send(a.make_push([change_of(gone, base_version=None)]))
    assert r.status_code == 200, r.text
    counts = r.json()["counts"]
    assert (counts["deleted"], counts["created"]) == (1, 0), counts
    assert _server_state(a)[gone.id]["deleted"] is True
