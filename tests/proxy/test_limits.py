"""Limits at their exact values, through the public API, in-process and against a real server
process: the request body limit (with and without Content-Length), the gzip decompressed-size
limit on /api/push and on an upload's commit (the limit passes, one byte more is refused), the
parts of an upload (at most one per byte), and the per-minute request limit (N requests pass,
the N+1th is refused)."""

from __future__ import annotations

import gzip
import hashlib
import time
from collections.abc import Iterator
from typing import Any

import pytest

from pyapp.core.sync import build_push, split
from tests.proxy.live import KINDS, Proxy
from tests.proxy.sync_client import PULL, SyncClient, full_changes

pytestmark = pytest.mark.timeout(180)
RATE = 6


def _full_push_size(demo: Any) -> int:
    push = build_push(full_changes(demo, "P0000000"), semester_id="20251",
                      ptk_id=demo.records["ptk"][0].id, nama="Kepala", key="k" * 36)
    return len(push.model_dump_json().encode())


@pytest.fixture(scope="module", params=KINDS)
def sized(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
          demo: Any) -> Iterator[Proxy]:
    """A proxy whose body and decompressed-push limits are a little above the demo school's
    full push."""
    limit = _full_push_size(demo) + 4096
    p = Proxy(request.param, tmp_path_factory.mktemp(f"limits-{request.param}"), max_push_bytes=limit,
              max_body_bytes=limit)
    p.push_limit = limit  # type: ignore[attr-defined]
    yield p
    p.close()


def _padded(school: SyncClient, size: int) -> bytes:
    """The school's full push as JSON, padded with trailing spaces to exactly `size` bytes."""
    raw = school.full_push().model_dump_json().encode()
    assert len(raw) <= size
    return raw + b" " * (size - len(raw))


def _post_gzip(school: SyncClient, body: bytes) -> Any:
    return school.http.post("/api/push", content=gzip.compress(body), headers={
        **school.headers, "Content-Type": "application/json", "Content-Encoding": "gzip"})


def _assert_too_big(r: Any, limit: int) -> None:
    assert r.status_code == 413, r.text
    assert r.json()["code"] == "request.terlalu_besar"
    assert r.json()["details"] == {"limit_bytes": limit}


def test_push_decompressed_exactly_at_the_limit_passes_one_byte_more_is_refused(sized, demo):
    limit = sized.push_limit
    school = sized.register(demo)
    _assert_too_big(_post_gzip(school, _padded(school, limit + 1)), limit)
    assert school.pull_all()[0] == []
    r = _post_gzip(school, _padded(school, limit))
    assert r.status_code == 200, r.text
    assert r.json()["server_seq"] == 1


def _post_plain(school: SyncClient, body: bytes, chunked: bool) -> Any:
    def pieces():  # type: ignore[no-untyped-def]  # no Content-Length: sent chunked
        for i in range(0, len(body), 64 * 1024):
            yield body[i:i + 64 * 1024]

    return school.http.post("/api/push", content=pieces() if chunked else body, headers={
        **school.headers, "Content-Type": "application/json"})


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_body_exactly_at_the_limit_passes_one_byte_more_is_refused(sized, demo, chunked):
    limit = sized.push_limit
    school = sized.register(demo)
    _assert_too_big(_post_plain(school, _padded(school, limit + 1), chunked), limit)
    assert school.pull_all()[0] == []
    r = _post_plain(school, _padded(school, limit), chunked)
    assert r.status_code == 200, r.text
    assert r.json()["server_seq"] == 1


def test_an_upload_has_at_most_one_part_per_byte(sized, demo):
    school = sized.register(demo)

    def create(parts: int, size: int, key: str) -> Any:
        return school.http.post("/api/uploads", headers=school.headers, json={
            "idempotency_key": key, "parts": parts, "size": size,
            "sha256": "sha256:" + "0" * 64, "content_encoding": "gzip"})

    assert create(10, 10, "bagian-sama-byte").status_code == 201
    r = create(11, 10, "bagian-lebih-byte")
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "upload.bagian_salah"
    assert r.json()["details"] == {"part": 10, "reason": "lebih banyak bagian daripada byte"}


def _upload(school: SyncClient, body: bytes, key: str) -> Any:
    gz = gzip.compress(body)
    parts = split(gz, 16 * 1024)
    r = school.http.post("/api/uploads", headers=school.headers, json={
        "idempotency_key": key, "parts": len(parts), "size": len(gz),
        "sha256": "sha256:" + hashlib.sha256(gz).hexdigest(), "content_encoding": "gzip"})
    assert r.status_code == 201, r.text
    up = r.json()["upload_id"]
    for i, part in enumerate(parts):
        r = school.http.put(f"/api/uploads/{up}/parts/{i}", content=part,
                            headers={**school.headers, "Content-Type": "application/octet-stream"})
        assert r.status_code == 200, r.text
    return school.http.post(f"/api/uploads/{up}/commit", headers=school.headers)


def test_upload_commit_decompressed_exactly_at_the_limit_passes_one_byte_more_is_refused(sized, demo):
    limit = sized.push_limit
    school = sized.register(demo)
    _assert_too_big(_upload(school, _padded(school, limit + 1), "unggah-lebih-satu"), limit)
    assert school.pull_all()[0] == []
    r = _upload(school, _padded(school, limit), "unggah-tepat-batas")
    assert r.status_code == 200, r.text
    assert r.json()["server_seq"] == 1


@pytest.fixture(scope="module", params=KINDS)
def limited(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    p = Proxy(request.param, tmp_path_factory.mktemp(f"rate-{request.param}"), rate_limit_per_min=RATE)
    yield p
    p.close()


def test_rate_limit_allows_exactly_n_requests_per_minute(limited, demo):
    """RATE requests of one school in a minute pass, the next is 429; another school and the
    health check are not affected. Repeated if the minute turned during the attempt."""
    for _attempt in range(3):
        a, b = limited.register(demo), limited.register(demo)
        minute = int(time.time() // 60)
        statuses = [a.http.get(PULL, headers=a.headers).status_code for _ in range(RATE + 1)]
        other = b.http.get(PULL, headers=b.headers).status_code
        if int(time.time() // 60) != minute:
            continue  # the window moved mid-way: the counts say nothing
        assert statuses == [200] * RATE + [429]
        assert other == 200
        r = a.http.get(PULL, headers=a.headers)
        assert (r.status_code, r.json()["code"]) == (429, "request.terlalu_sering")
        assert 0 < int(r.headers["retry-after"]) <= 61
        assert a.http.get("/api/health").status_code == 200
        return
    pytest.fail("the minute turned during every attempt")


def test_a_body_sent_as_is_never_waits_for_a_gzip_slot(tmp_path):
    """Only gzip bodies take one of the `gunzip_concurrency` slots: a plain body (no
    Content-Encoding, or "identity" in any case and spacing) is used as it came."""
    import anyio

    from pyapp.proxy import body
    from pyapp.proxy.context import Context
    from tests.proxy.conftest import make_settings

    ctx = Context.open(make_settings(f"sqlite:///{tmp_path / 'p.sqlite3'}"))

    async def main() -> None:
        slots, other = body.limiter(ctx, 1), object()
        await slots.acquire_on_behalf_of(other)  # the only slot is busy
        try:
            with anyio.fail_after(2):
                for encoding in ("", " Identity "):
                    assert await body.decode_async(ctx, b"as is", encoding, 100, 1) == b"as is"
            with pytest.raises(TimeoutError), anyio.fail_after(0.3):
                await body.decode_async(ctx, gzip.compress(b"zipped"), "gzip", 100, 1)
        finally:
            slots.release_on_behalf_of(other)
        assert await body.decode_async(ctx, gzip.compress(b"zipped"), "gzip", 100, 1) == b"zipped"

    try:
        anyio.run(main)
    finally:
        ctx.close()
