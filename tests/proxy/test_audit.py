"""The audit log (issue 12): tokens issued and refused, pushes accepted and refused, code
resets and lockouts, each with NPSN, role, PTK, client address and request id, read back
with `python -m pyapp proxy audit NPSN` (real server process, SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from tests.proxy.sync_client import SyncClient, edit


def _events(remote_proxy, npsn, *extra):  # type: ignore[no-untyped-def]
    done = remote_proxy.cli("audit", npsn, "--json", *extra)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_every_security_event_is_audited(remote_proxy, demo):
    remote = remote_proxy.remote
    school = SyncClient.register(remote, demo)
    office = SyncClient(remote.as_client("198.51.100.4"), school.npsn, school.code, demo)
    token = office.login()
    assert token.status_code == 200
    pushed = office.send(office.full_push())
    assert pushed.status_code == 200
    wrong = office.make_push([edit(demo.records["peserta_didik"][0], nama="Nama Lain")])
    wrong = wrong.model_copy(update={"manifest": wrong.manifest.model_copy(
        update={"content_hash": "sha256:" + "0" * 64})})
    bad = office.send(wrong)
    assert bad.status_code == 422
    attacker = SyncClient(remote.as_client("203.0.113.66"), school.npsn, school.code, demo)
    for _ in range(5):
        assert attacker.login(code="WRNG-WRNG-WRNG").status_code == 401
    assert remote_proxy.cli("reset-code", school.npsn).returncode == 0

    events = _events(remote_proxy, school.npsn)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "code.reset"  # newest first
    assert kinds.count("token.refused") == 5 and kinds.count("auth.lockout") == 1
    for name in ("token.issued", "push.accepted", "push.refused"):
        assert name in kinds
    by = {e["event"]: e for e in reversed(events)}  # the first of each kind
    issued, accepted, refused = by["token.issued"], by["push.accepted"], by["push.refused"]
    assert (issued["role"], issued["ptk_id"], issued["client"]) == (
        "kepala_sekolah", school.kepala.id, "198.51.100.4")
    assert issued["request_id"] == token.headers["X-Request-Id"]
    assert accepted["request_id"] == pushed.headers["X-Request-Id"]
    assert accepted["client"] == "198.51.100.4" and accepted["ptk_id"] == school.kepala.id
    assert refused["detail"]["problem"] == "push.manifest_tidak_cocok"
    assert refused["request_id"] == bad.headers["X-Request-Id"]
    lockout = by["auth.lockout"]
    assert lockout["client"] == "203.0.113.66" and lockout["npsn"] == school.npsn
    assert by["token.refused"]["detail"]["problem"] == "auth.kode_salah"
    assert by["code.reset"]["detail"]["locks_lifted"] == 1
    # filters and the readable form
    assert {e["event"] for e in _events(remote_proxy, school.npsn, "--event", "push.accepted")} \
        == {"push.accepted"}
    text = remote_proxy.cli("audit", school.npsn, "--limit", "3")
    assert text.returncode == 0 and len(text.stdout.splitlines()) == 3
    assert "code.reset" in text.stdout.splitlines()[0]


def test_audit_events_read_back_in_process(client, school, demo):
    """The same log read in this process (the CLI above reads it from another one): only the
    school's own events, newest first, filtered by kind, in the documented shape."""
    from pyapp.proxy import audit

    import logging

    logged: list[logging.LogRecord] = []
    grab = logging.Handler()
    grab.emit = logged.append  # type: ignore[method-assign]
    logging.getLogger("pyapp.proxy").addHandler(grab)
    try:
        other = SyncClient.register(client, demo)  # another school's events stay its own
        pushed = school.send(school.full_push())
        assert pushed.status_code == 200
    finally:
        logging.getLogger("pyapp.proxy").removeHandler(grab)
    assert other.login(code="WRNG-WRNG-WRNG").status_code == 401
    with client.app.state.ctx.sessions() as s:
        mine = [audit.as_dict(e) for e in audit.events(s, school.npsn)]
        pushes = [audit.as_dict(e) for e in audit.events(s, school.npsn, event="push.accepted")]
        one = audit.events(s, school.npsn, limit=1)
    kinds = [e["event"] for e in mine]
    assert kinds[0] == "push.accepted" and "token.issued" in kinds
    assert "token.refused" not in kinds and {e["npsn"] for e in mine} == {school.npsn}
    assert [e["id"] for e in mine] == sorted((e["id"] for e in mine), reverse=True)
    assert len(pushes) == 1 and len(one) == 1 and one[0].event == "push.accepted"
    p = pushes[0]
    assert set(p) == {"id", "at", "event", "npsn", "role", "ptk_id", "client", "request_id",
                      "detail"}
    assert (p["role"], p["ptk_id"], p["client"]) == ("kepala_sekolah", school.kepala.id,
                                                     "testclient")
    assert p["detail"]["status"] == 200 and p["at"].startswith("20")
    assert p["request_id"] == pushed.headers["x-request-id"]
    # each audit event is also a log line with the same fields
    logged = [r for r in logged if getattr(r, "event", "") == "audit.push.accepted"]
    assert logged and logged[-1].npsn == school.npsn and logged[-1].role == "kepala_sekolah"
    assert logged[-1].ptk_id == school.kepala.id and logged[-1].client == "testclient"


def test_a_refused_push_is_audited_in_process(client, school, demo):
    """Who sent a refused push: role, PTK, address, request id and the problem."""
    from pyapp.proxy import audit

    wrong = school.make_push([edit(demo.records["peserta_didik"][0], nama="Nama Lain")])
    wrong = wrong.model_copy(update={"manifest": wrong.manifest.model_copy(
        update={"content_hash": "sha256:" + "0" * 64})})
    bad = school.send(wrong)
    assert bad.status_code == 422
    with client.app.state.ctx.sessions() as s:
        refused = [audit.as_dict(e) for e in audit.events(s, school.npsn, event="push.refused")]
    assert len(refused) == 1
    e = refused[0]
    assert (e["role"], e["ptk_id"], e["client"]) == ("kepala_sekolah", school.kepala.id, "testclient")
    assert e["request_id"] == bad.headers["x-request-id"]
    assert e["detail"]["problem"] == "push.manifest_tidak_cocok" and e["detail"]["status"] == 422
