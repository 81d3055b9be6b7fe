"""Request bodies: gzip decoding off the event loop, bounded in size and in concurrency.

A gzip bomb (1 GiB of zeros is ~1 MiB compressed) costs CPU and up to `limit` bytes of
memory while it is inflated. Inflating runs in a worker thread, at most
`gunzip_concurrency` at once (the rest wait their turn without blocking other requests), and
stops at `limit` bytes. A body must be exactly one gzip member: bytes after its end are
refused (they would be silently ignored otherwise).
"""

from __future__ import annotations

import threading
import zlib

import anyio
from fastapi.concurrency import run_in_threadpool

from pyapp.core.problems import ProblemError
from pyapp.proxy.context import Context

_lock = threading.Lock()


class Gunzip:
    """Incremental gzip decoder: feed() compressed blocks, finish() checks the end."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._d = zlib.decompressobj(wbits=31)

    def feed(self, data: bytes) -> bytes:
        if self._d.eof:
            if data:
                raise ProblemError("request.rusak", reason="ada data setelah akhir gzip")
            return b""
        try:
            out = self._d.decompress(data, self.limit - self.size + 1)
        except zlib.error:
            raise ProblemError("request.rusak", reason="gzip rusak") from None
        self.size += len(out)
        if self.size > self.limit or self._d.unconsumed_tail:
            raise ProblemError("request.terlalu_besar", limit_bytes=self.limit)
        if self._d.unused_data:
            raise ProblemError("request.rusak", reason="ada data setelah akhir gzip")
        return out

    def finish(self) -> None:
        if not self._d.eof:
            raise ProblemError("request.rusak", reason="gzip terpotong")


def decode(body: bytes, encoding: str, limit: int) -> bytes:
    """The body as sent (identity) or inflated (gzip); anything else is 415."""
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding != "gzip":
        raise ProblemError("request.jenis_isi_salah", content_type=f"Content-Encoding {encoding}")
    g = Gunzip(limit)
    out = g.feed(body)
    g.finish()
    return out


def limiter(ctx: Context, concurrency: int) -> anyio.CapacityLimiter:
    """The gzip slots of one running app (kept on its Context)."""
    with _lock:
        if ctx.gunzip_limiter is None:
            ctx.gunzip_limiter = anyio.CapacityLimiter(max(1, concurrency))
        return ctx.gunzip_limiter


async def decode_async(ctx: Context, body: bytes, encoding: str, limit: int,
                       concurrency: int) -> bytes:
    """decode() in a worker thread; gzip bodies wait for one of `concurrency` slots."""
    if (encoding or "").strip().lower() in ("", "identity"):
        return body
    async with limiter(ctx, concurrency):
        return await run_in_threadpool(decode, body, encoding, limit)
