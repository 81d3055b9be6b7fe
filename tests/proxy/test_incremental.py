"""The proxy validates a push incrementally (only the rules the changed records can affect, on
the school's state kept in memory) and must answer exactly as a full validation of the whole
school would: same accept or refuse, same findings, and a kept state equal to a full run on
what the database holds. Two Contexts on one database play two proxy processes, so a push
often finds its process's state behind (another process pushed meanwhile) or missing."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pyapp.core.models import RECORD_TYPES
from pyapp.core.problems import ProblemError
from pyapp.core.snapshot import SchoolInfo
from pyapp.core.sync import change_of, merge
from pyapp.core.validation import validate
from pyapp.proxy import db, principal, push, schools, security
from pyapp.proxy.context import Context
from pyapp.proxy.school_state import parse
from tests.core.test_validation_incremental import _mutations
from tests.proxy.conftest import make_settings
from tests.proxy.sync_client import SyncClient, full_changes, new_npsn

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def processes(db_url: str):  # type: ignore[no-untyped-def]
    a = Context.open(make_settings(db_url))
    b = Context.open(make_settings(db_url), run_migrations=False)
    yield a, b
    a.close()
    b.close()


def _stored(ctx: Context, school_id: int) -> dict[str, merge.Row]:
    t = db.StoredRecord.__table__.c
    with ctx.sessions() as s:
        rows = s.execute(select(t.id, t.type, t.version, t.deleted, t.data)
                         .where(t.school_id == school_id)).all()
    return {r[0]: merge.Row(r[1], r[2], r[3], r[4]) for r in rows}


def _check_principal(session: Any, school_id: int, ptk_id: str, changes: Any) -> None:
    """The principal check as the proxy first did it: against the stored rows, or (first
    push) the push's own records."""
    school = session.get(db.School, school_id)
    if school is not None and school.push_seq:
        principal.check(ptk_id, principal._stored(session, school_id, ptk_id), "server")
    else:
        principal.check(ptk_id, principal.push_records(changes), "kiriman")


def _full_answer(ctx: Context, school_id: int, rows: dict[str, merge.Row], req: Any,
                 npsn: str) -> Any:
    """What a full validation says of the push: the proxy's former algorithm (the principal
    read from the stored rows, the whole school rebuilt as a Snapshot, every rule run)."""
    try:
        with ctx.sessions() as s:
            _check_principal(s, school_id, req.confirmation.ptk_id, req.changes)
    except ProblemError as exc:
        return (exc.code, None)
    plan = merge.plan_push(req.changes, rows)
    if plan.findings:
        return ("push.tidak_valid", plan.findings)
    snapshot = merge.merged_snapshot(rows, plan, SchoolInfo(npsn=npsn, nama="x",
                                                            semester_id=req.semester_id))
    findings = [merge.finding("proxy.npsn_sekolah", "sekolah", s.id, "npsn",
                              f"NPSN {s.npsn} bukan NPSN sekolah yang masuk ({npsn})",
                              "Periksa NPSN di tab Sekolah.", s.label())
                for s in snapshot.records["sekolah"] if s.npsn and s.npsn != npsn]
    findings += merge.rule_findings(snapshot)
    if findings:
        return ("push.tidak_valid", findings)
    if not any(p.id == req.confirmation.ptk_id for p in snapshot.records["ptk"]):
        return ("push.konfirmasi_tidak_sah", None)
    return ("ok", plan.counts().model_dump())


def _draw_changes(draw: Any, rows: dict[str, merge.Row]) -> list[Any]:
    state: dict[str, dict[str, Any]] = {t: {} for t in RECORD_TYPES}
    for rid, row in rows.items():
        state[row.type][rid] = parse(row.type, row.data)
    live = {t: {i: r for i, r in recs.items() if not r.deleted} for t, recs in state.items()}
    types = sorted(t for t in RECORD_TYPES if state[t])
    changes, seen = [], set()
    for _ in range(draw(st.integers(1, 5))):
        rtype = draw(st.sampled_from(types))
        rec = state[rtype][draw(st.sampled_from(sorted(state[rtype])))]
        if rec.id in seen:
            continue
        seen.add(rec.id)
        action = draw(st.sampled_from(["edit"] * 6 + ["delete", "restore"]))
        if action == "edit" and not rec.deleted:
            update = _mutations(rtype, rec, live, draw)
        else:
            update = {"deleted": action == "delete"}
        base = rec.version + (1 if draw(st.integers(0, 9)) == 0 else 0)  # sometimes not current
        new = rec.model_copy(update={**update, "version": rec.version + 1,
                                     "updated_at": datetime.now(timezone.utc)})
        changes.append(change_of(new, base_version=base))
    return changes


@settings(max_examples=20, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_incremental_push_validation_equals_full(processes, demo, data) -> None:  # type: ignore[no-untyped-def]
    draw = data.draw
    npsn = new_npsn()
    with db.write_session(processes[0].sessions) as s:
        schools.register(s, npsn, "SD Sifat")
        school_id = schools.find(s, npsn).id
    who = SyncClient(None, npsn, "", demo)
    claims = security.Claims(school_id=school_id, npsn=npsn, gen=1, role="kepala_sekolah",
                             ptk_id=who.kepala.id, exp=2**40)
    first = who.make_push(full_changes(demo, npsn))
    assert push.accept_push(processes[draw(st.integers(0, 1))], claims, first)[0].server_seq == 1
    for _ in range(draw(st.integers(1, 4))):
        ctx = processes[draw(st.integers(0, 1))]
        rows = _stored(ctx, school_id)
        req = who.make_push(_draw_changes(draw, rows))
        want = _full_answer(ctx, school_id, rows, req, npsn)
        try:
            receipt, _ = push.accept_push(ctx, claims, req)
            got = ("ok", receipt.counts.model_dump())
        except ProblemError as exc:
            got = (exc.code, exc.params.get("findings"))
        assert got == want
        # The state the process kept equals a full run on what the database now holds.
        state = ctx.states.take(school_id)
        assert state is not None
        after = _stored(ctx, school_id)
        snapshot = merge.merged_snapshot(after, merge.Plan(), state.info)
        assert state.validator.report() == validate(snapshot)
        ctx.states.put(state)
