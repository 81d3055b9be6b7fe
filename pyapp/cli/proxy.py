"""`python -m pyapp proxy …`: administer the sync proxy's database.

    proxy register-school NPSN --name "SD Negeri 1 …"   prints a new kode registrasi
    proxy reset-code NPSN                                new code; old tokens stop working,
                                                         every kode lock of the school lifted
    proxy maintenance on|off [--retry-after S] [--message …]
    proxy audit NPSN [--limit N] [--event E] [--json]    the school's audit log, newest first
    proxy cleanup                                        delete expired uploads, old throttles
    proxy migrate                                        bring the schema up to date

The database is PYAPP_DATABASE_URL (default sqlite:///var/proxy.sqlite3) or --database-url.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("proxy", help="administer the sync proxy (schools, codes, maintenance)")
    p.add_argument("--database-url", help="SQLAlchemy URL (default: PYAPP_DATABASE_URL)")
    cmds = p.add_subparsers(dest="proxy_command", metavar="ACTION", required=True)
    reg = cmds.add_parser("register-school", help="register a school, print its kode registrasi")
    reg.add_argument("npsn")
    reg.add_argument("--name", required=True, help="nama sekolah")
    reset = cmds.add_parser("reset-code", help="issue a new kode registrasi (old tokens stop)")
    reset.add_argument("npsn")
    maint = cmds.add_parser("maintenance", help="switch maintenance (503 + Retry-After) on/off")
    maint.add_argument("state", choices=["on", "off", "status"])
    maint.add_argument("--retry-after", type=int, default=600, help="seconds (default 600)")
    maint.add_argument("--message", default="", help="message shown to operators")
    aud = cmds.add_parser("audit", help="the school's audit log (tokens, pushes, resets, "
                                        "lockouts), newest first")
    aud.add_argument("npsn")
    aud.add_argument("--limit", type=int, default=100)
    aud.add_argument("--event", help="only this event (e.g. push.refused)")
    aud.add_argument("--json", action="store_true", help="one JSON object per line")
    cmds.add_parser("cleanup", help="delete expired uploads, forgotten throttles, old audit")
    cmds.add_parser("migrate", help="apply database migrations")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pyapp.core.problems import ProblemError
    from pyapp.proxy import audit, cleanup, db, ops, schools
    from pyapp.proxy.context import Context
    from pyapp.proxy.settings import Settings

    settings = Settings.from_env()
    if args.database_url:
        settings = replace(settings, database_url=args.database_url)
    if args.proxy_command == "register-school" and not _npsn_ok(args.npsn):
        print("NPSN harus 8 karakter (angka atau huruf besar).", file=sys.stderr)
        return 2
    ctx = Context.open(settings)
    try:
        if args.proxy_command == "register-school":
            with db.write_session(ctx.sessions) as s:
                issued = schools.register(s, args.npsn, args.name)
            print(f"Sekolah {issued.npsn} ({issued.nama}) terdaftar.", file=sys.stderr)
            print(issued.code)
        elif args.proxy_command == "reset-code":
            with db.write_session(ctx.sessions) as s:
                issued = schools.reset_code(s, args.npsn)
                lifted = issued.locks_lifted
                audit.add(s, "code.reset", npsn=args.npsn, client="cli", code_gen=issued.code_gen,
                          locks_lifted=lifted)
            print(f"Kode registrasi baru untuk {issued.npsn}; kode dan token lama tidak berlaku"
                  f" ({lifted} penguncian dicabut).", file=sys.stderr)
            print(issued.code)
        elif args.proxy_command == "audit":
            return _print_audit(ctx, args)
        elif args.proxy_command == "cleanup":
            done = cleanup.run(ctx)
            print(f"Dibersihkan: {done.uploads} unggahan kedaluwarsa ({done.parts} bagian), "
                  f"{done.throttles} catatan percobaan kode, {done.audit_events} catatan audit "
                  "lama.")
        elif args.proxy_command == "maintenance":
            if args.state != "status":
                ops.set_maintenance(ctx, args.state == "on", args.retry_after, args.message)
            state = ops.maintenance(ctx)
            print("pemeliharaan: " + ("AKTIF" if state else "tidak aktif"))
        return 0
    except ProblemError as exc:
        print(f"{exc.problem.render(exc.params)} ({exc.code})\n{exc.problem.hint}", file=sys.stderr)
        return 1
    finally:
        ctx.close()


def _print_audit(ctx: object, args: argparse.Namespace) -> int:
    import json

    from pyapp.proxy import audit

    with ctx.sessions() as s:  # type: ignore[attr-defined]
        rows = [audit.as_dict(e) for e in audit.events(s, args.npsn, args.limit, args.event)]
    for r in rows:
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
            continue
        who = " ".join(f"{k}={r[k]}" for k in ("role", "ptk_id", "client", "request_id") if r[k])
        detail = " ".join(f"{k}={v}" for k, v in r["detail"].items() if v is not None)
        print(f"{r['at']}  {r['event']:<14} {who}  {detail}".rstrip())
    if not rows and not args.json:
        print(f"Belum ada catatan audit untuk NPSN {args.npsn}.", file=sys.stderr)
    return 0


def _npsn_ok(npsn: str) -> bool:
    return len(npsn) == 8 and all(c.isdigit() or "A" <= c <= "Z" for c in npsn)
