"""`python -m pyapp serve`: the app (static files) and the proxy API on one port."""

from __future__ import annotations

import argparse
import os


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="serve the app at / and the proxy API at /api/")
    p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.add_argument("--log-level", default="info")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from pyapp.proxy.app import create_app

    print(f"Aplikasi siap di http://{args.host}:{args.port}/  (API di /api/)", flush=True)
    # The client address (kode throttle, rate limit, audit) comes from X-Forwarded-For only
    # when the peer is in FORWARDED_ALLOW_IPS (default: this machine): see docs/security.md.
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level=args.log_level,
                proxy_headers=True,
                forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"))
    return 0
