"""Pull: what was pushed comes back, paged; a second device gets the prefill."""

from __future__ import annotations

from pyapp.core.models import RECORD_TYPES
from pyapp.core.sync import Change
from pyapp.core.sync.messages import DATA_FORMAT
from tests.proxy.sync_client import PULL, SyncClient, edit, full_changes


def _as_pushed(school):  # type: ignore[no-untyped-def]
    return {c.id: (c.type, RECORD_TYPES[c.type].model_validate(c.record).model_dump(mode="json"))
            for c in full_changes(school.snapshot, school.npsn)}


class TestPullAfterPush:
    def test_pull_equals_what_was_pushed(self, client, school):
        assert school.send(school.full_push()).status_code == 200
        changes, cursor = school.pull_all(cursor=0, limit=300)
        got = {c["id"]: (c["type"], RECORD_TYPES[c["type"]].model_validate(c["record"])
                         .model_dump(mode="json")) for c in changes}
        assert got == _as_pushed(school)
        assert cursor == len(got)
        page = client.get(PULL, params={"format": DATA_FORMAT, "cursor": cursor}, headers=school.headers).json()
        assert page == {"changes": [], "next_cursor": cursor, "has_more": False, "server_seq": 1}
        # a page holding exactly what is left says there is no more
        exact = client.get(PULL, params={"format": DATA_FORMAT, "cursor": cursor - 5, "limit": 5},
                           headers=school.headers).json()
        assert (len(exact["changes"]), exact["has_more"], exact["next_cursor"]) == (5, False, cursor)
        short = client.get(PULL, params={"format": DATA_FORMAT, "cursor": cursor - 5, "limit": 4},
                           headers=school.headers).json()
        assert (len(short["changes"]), short["has_more"]) == (4, True)

    def test_only_later_changes_after_a_cursor(self, client, school):
        school.send(school.full_push())
        _, cursor = school.pull_all(cursor=0)
        pd = school.snapshot.records["peserta_didik"][3]
        school.send(school.make_push([edit(pd, nama="Baru"),
                                      Change(type="alat", id=school.snapshot.records["alat"][0].id,
                                             op="delete", base_version=1)]))
        changes, new_cursor = school.pull_all(cursor=cursor)
        assert [(c["id"], c["version"], c["deleted"]) for c in changes] == [
            (pd.id, 2, False), (school.snapshot.records["alat"][0].id, 2, True)]
        assert changes[0]["record"]["nama"] == "Baru"
        assert new_cursor == cursor + 2

    def test_cursor_beyond_the_server_is_a_problem(self, client, school):
        r = client.get(PULL, params={"format": DATA_FORMAT, "cursor": 999}, headers=school.headers)
        assert (r.status_code, r.json()["code"]) == (422, "pull.kursor_tidak_sah")


class TestPrefillOnSecondDevice:
    def test_second_device_gets_the_school_as_of_its_last_push(self, client, demo):
        first = SyncClient.register(client, demo)
        first.send(first.full_push())
        pd = demo.records["peserta_didik"][0]
        first.send(first.make_push([edit(pd, nama="Sudah Diubah"),
                                    Change(type="alat", id=demo.records["alat"][1].id,
                                           op="delete", base_version=1)]))
        second = SyncClient(client, first.npsn, first.code, demo)
        assert second.login("operator").status_code == 200
        changes, cursor = second.pull_all(limit=250)
        ids = [c["id"] for c in changes]
        assert len(ids) == len(set(ids)) == len(_as_pushed(first)) - 1
        assert demo.records["alat"][1].id not in ids
        rec = next(c for c in changes if c["id"] == pd.id)
        assert (rec["version"], rec["record"]["nama"]) == (2, "Sudah Diubah")
        # nothing new since: the second device is up to date, and its cursor works on
        assert school_page(client, second, cursor)["changes"] == []


def school_page(client, who, cursor):  # type: ignore[no-untyped-def]
    return client.get(PULL, params={"format": DATA_FORMAT, "cursor": cursor}, headers=who.headers).json()
