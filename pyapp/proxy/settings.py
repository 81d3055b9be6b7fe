"""Proxy settings, read from the environment once at start (no other state outside the DB)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite:///var/proxy.sqlite3"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _list(name: str) -> tuple[str, ...]:
    return tuple(o.strip() for o in os.environ.get(name, "").split(",") if o.strip())


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
    #: Free kode attempts per (NPSN, client address); then 1 s, 2 s, 4 s … between tries.
    auth_fail_limit: int = 5
    #: Longest wait between attempts once throttled.
    auth_backoff_max_s: int = 900
    #: A throttle row quiet this long is forgotten (cleanup).
    auth_fail_forget_s: int = 86400
    #: Uploads not committed within this many hours are deleted with their parts.
    upload_expiry_h: int = 48
    #: Open (uncommitted) uploads one school may have at once.
    max_open_uploads: int = 8
    #: gzip bodies decompressed at once (each up to max_push_bytes of memory); by default
    #: half the CPUs, so inflating never takes every core from the other requests.
    gunzip_concurrency: int = max(1, (os.cpu_count() or 2) // 2)
    #: Seconds between cleanups while serving (also run at start); 0 = only at start.
    cleanup_interval_s: int = 3600
    #: Audit events older than this many days are deleted by cleanup; 0 = keep forever.
    audit_keep_days: int = 400
    #: Extra origins the served app may connect to (CSP connect-src), e.g. a proxy elsewhere.
    csp_connect_src: tuple[str, ...] = field(default_factory=tuple)
    #: Origins allowed to call the API from a browser (CORS); empty = same origin only.
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    pull_page_max: int = 5000
    #: Records of recently pushing schools each process keeps validated in memory (about
    #: 2.5 KB of RSS each: 150,000 is about 90 average schools; least recently used go first).
    state_cache_records: int = 150_000
    #: Pushes a process validates and writes at once (pushes of one school always in turn).
    push_workers: int = 4
    #: How long a process may answer from its cached maintenance switch and kode generations
    #: before reading them again (checks.py): the bound for a change made by another process.
    check_ttl_ms: int = 1000

    @classmethod
    def from_env(cls) -> "Settings":
        origins = _list("PYAPP_CORS_ORIGINS")
        return cls(
            database_url=os.environ.get("PYAPP_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            token_secret=os.environ.get("PYAPP_TOKEN_SECRET", "").strip(),
            token_ttl_s=_int("PYAPP_TOKEN_TTL", cls.token_ttl_s),
            max_body_bytes=_int("PYAPP_MAX_BODY_BYTES", cls.max_body_bytes),
            max_push_bytes=_int("PYAPP_MAX_PUSH_BYTES", cls.max_push_bytes),
            rate_limit_per_min=_int("PYAPP_RATE_LIMIT", cls.rate_limit_per_min),
            auth_fail_limit=_int("PYAPP_AUTH_FAIL_LIMIT", cls.auth_fail_limit),
            auth_backoff_max_s=_int("PYAPP_AUTH_BACKOFF_MAX", cls.auth_backoff_max_s),
            auth_fail_forget_s=_int("PYAPP_AUTH_FAIL_FORGET", cls.auth_fail_forget_s),
            upload_expiry_h=_int("PYAPP_UPLOAD_EXPIRY_H", cls.upload_expiry_h),
            max_open_uploads=_int("PYAPP_MAX_OPEN_UPLOADS", cls.max_open_uploads),
            gunzip_concurrency=_int("PYAPP_GUNZIP_CONCURRENCY", cls.gunzip_concurrency),
            cleanup_interval_s=_int("PYAPP_CLEANUP_INTERVAL", cls.cleanup_interval_s),
            audit_keep_days=_int("PYAPP_AUDIT_KEEP_DAYS", cls.audit_keep_days),
            cors_origins=origins,
            state_cache_records=_int("PYAPP_STATE_CACHE_RECORDS", cls.state_cache_records),
            push_workers=_int("PYAPP_PUSH_WORKERS", cls.push_workers),
            check_ttl_ms=_int("PYAPP_CHECK_TTL_MS", cls.check_ttl_ms),
            csp_connect_src=_list("PYAPP_CSP_CONNECT_SRC"),
        )


#: Documented for `/api/-/version` and the README: env var -> meaning.
ENV_VARS: dict[str, str] = {
    "PYAPP_DATABASE_URL": "SQLAlchemy URL (default sqlite:///var/proxy.sqlite3)",
    "PYAPP_TOKEN_SECRET": "HMAC secret for tokens (default: generated once, kept in the DB)",
    "PYAPP_TOKEN_TTL": "token lifetime in seconds (1800)",
    "PYAPP_MAX_BODY_BYTES": "largest request body (16 MiB)",
    "PYAPP_MAX_PUSH_BYTES": "largest push after gzip decompression (256 MiB)",
    "PYAPP_RATE_LIMIT": "requests per minute per client; 0 = off (600)",
    "PYAPP_AUTH_FAIL_LIMIT": "free kode attempts per NPSN and client address; 0 = off (5)",
    "PYAPP_AUTH_BACKOFF_MAX": "longest wait between kode attempts once throttled, s (900)",
    "PYAPP_AUTH_FAIL_FORGET": "throttle state forgotten after this many quiet seconds (86400)",
    "PYAPP_UPLOAD_EXPIRY_H": "uncommitted uploads deleted after this many hours (48)",
    "PYAPP_MAX_OPEN_UPLOADS": "open uploads per school (8)",
    "PYAPP_GUNZIP_CONCURRENCY": "gzip bodies decompressed at once (half the CPUs, at least 1)",
    "PYAPP_CLEANUP_INTERVAL": "seconds between cleanups while serving; 0 = only at start (3600)",
    "PYAPP_AUDIT_KEEP_DAYS": "audit events kept this many days; 0 = forever (400)",
    "PYAPP_CORS_ORIGINS": "comma-separated origins allowed by CORS (none)",
    "PYAPP_STATE_CACHE_RECORDS": "records of recent schools kept validated in memory "
                                 "per process (150000)",
    "PYAPP_PUSH_WORKERS": "pushes one process works on at once (4)",
    "PYAPP_CHECK_TTL_MS": "how soon a maintenance switch or kode reset made by another "
                          "process is seen, ms (1000)",
    "PYAPP_CSP_CONNECT_SRC": "extra origins the served app may call (CSP connect-src) (none)",
    "FORWARDED_ALLOW_IPS": "addresses whose X-Forwarded-For is trusted (uvicorn; 127.0.0.1)",
}
