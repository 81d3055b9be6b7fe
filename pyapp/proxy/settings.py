"""Proxy settings, read from the environment once at start (no other state outside the DB)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite:///var/proxy.sqlite3"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


@dataclass(frozen=True)
class Settings:
    #: SQLAlchemy URL. SQLite file by default; `postgresql+psycopg://…` for several processes.
    database_url: str = DEFAULT_DATABASE_URL
    #: HMAC secret for tokens; when empty, one is generated once and kept in the database.
    token_secret: str = ""
    token_ttl_s: int = 1800
    #: Largest request body accepted (413 above), compressed size.
    max_body_bytes: int = 16 * 1024 * 1024
    #: Largest push after gzip decompression.
    max_push_bytes: int = 256 * 1024 * 1024
    #: Requests per minute per client (school token, else IP); 0 = no limit.
    rate_limit_per_min: int = 600
    #: Wrong kode registrasi per NPSN per 15 minutes before 429.
    auth_fail_limit: int = 5
    auth_fail_window_s: int = 900
    #: Origins allowed to call the API from a browser (CORS); empty = same origin only.
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    pull_page_max: int = 5000
    #: Records of recently pushing schools each process keeps validated in memory (about
    #: 2.5 KB of RSS each: 150,000 is about 90 average schools; least recently used go first).
    state_cache_records: int = 150_000
    #: Pushes a process validates and writes at once (pushes of one school always in turn).
    push_workers: int = 4

    @classmethod
    def from_env(cls) -> "Settings":
        origins = tuple(o.strip() for o in os.environ.get("PYAPP_CORS_ORIGINS", "").split(",")
                        if o.strip())
        return cls(
            database_url=os.environ.get("PYAPP_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            token_secret=os.environ.get("PYAPP_TOKEN_SECRET", ""),
            token_ttl_s=_int("PYAPP_TOKEN_TTL", cls.token_ttl_s),
            max_body_bytes=_int("PYAPP_MAX_BODY_BYTES", cls.max_body_bytes),
            max_push_bytes=_int("PYAPP_MAX_PUSH_BYTES", cls.max_push_bytes),
            rate_limit_per_min=_int("PYAPP_RATE_LIMIT", cls.rate_limit_per_min),
            auth_fail_limit=_int("PYAPP_AUTH_FAIL_LIMIT", cls.auth_fail_limit),
            auth_fail_window_s=_int("PYAPP_AUTH_FAIL_WINDOW", cls.auth_fail_window_s),
            cors_origins=origins,
            state_cache_records=_int("PYAPP_STATE_CACHE_RECORDS", cls.state_cache_records),
            push_workers=_int("PYAPP_PUSH_WORKERS", cls.push_workers),
        )


#: Documented for `/api/-/version` and the README: env var -> meaning.
ENV_VARS: dict[str, str] = {
    "PYAPP_DATABASE_URL": "SQLAlchemy URL (default sqlite:///var/proxy.sqlite3)",
    "PYAPP_TOKEN_SECRET": "HMAC secret for tokens (default: generated once, kept in the DB)",
    "PYAPP_TOKEN_TTL": "token lifetime in seconds (1800)",
    "PYAPP_MAX_BODY_BYTES": "largest request body (16 MiB)",
    "PYAPP_MAX_PUSH_BYTES": "largest push after gzip decompression (256 MiB)",
    "PYAPP_RATE_LIMIT": "requests per minute per client; 0 = off (600)",
    "PYAPP_AUTH_FAIL_LIMIT": "wrong codes per NPSN per window before 429 (5)",
    "PYAPP_AUTH_FAIL_WINDOW": "window for wrong codes in seconds (900)",
    "PYAPP_CORS_ORIGINS": "comma-separated origins allowed by CORS (none)",
    "PYAPP_STATE_CACHE_RECORDS": "records of recent schools kept validated in memory "
                                 "per process (150000)",
    "PYAPP_PUSH_WORKERS": "pushes one process works on at once (4)",
}
