"""GET /api/pull: server-side changes since a cursor, paged.

The cursor is the school's record revision: every record write takes the next one, so a
page is `rev > cursor ORDER BY rev`. Without a cursor it is the prefill of a new device: the
school's live records as of its last accepted push (deleted ones left out); the prefill's
later pages pass `cursor=next_cursor&prefill=true`. Otherwise deletions come as
`deleted: true`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import select

from pyapp.core.problems import ProblemError
from pyapp.core.sync import PullResponse, canonical_json
from pyapp.core.sync.messages import check_data_format
from pyapp.proxy import db, security
from pyapp.proxy.auth import AUTH_PROBLEMS, require
from pyapp.proxy.context import Context, ctx_of
from pyapp.proxy.problems import responses

router = APIRouter(prefix="/api", tags=["sync"])


def pull_page(ctx: Context, school_id: int, cursor: int | None, limit: int,
              prefill: bool) -> bytes:
    prefill = prefill or cursor is None
    after = cursor or 0
    t = db.StoredRecord
    with ctx.sessions() as session:
        school = session.get(db.School, school_id)
        if school is None:
            raise ProblemError("auth.token_tidak_sah", reason="sekolah_tidak_ada")
        if after > school.rev_seq:
            raise ProblemError("pull.kursor_tidak_sah", cursor=after, last=school.rev_seq)
        stmt = (select(t.type, t.id, t.version, t.deleted, t.rev, t.data)
                .where(t.school_id == school_id, t.rev > after).order_by(t.rev).limit(limit + 1))
        if prefill:
            stmt = stmt.where(t.deleted.is_(False))
        rows = session.execute(stmt).all()
        push_seq, last = school.push_seq, school.rev_seq  # read before the rows: never skip
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1].rev if rows else after
    if not has_more:  # past records the prefill left out (deleted)
        next_cursor = max(next_cursor, last)
    # Records are stored as canonical JSON: splice them in rather than parse and re-dump.
    items = ",".join(
        '{"type":%s,"id":%s,"version":%d,"deleted":%s,"record":%s}'
        % (canonical_json(r.type), canonical_json(r.id), r.version,
           "true" if r.deleted else "false", r.data)
        for r in rows)
    return ('{"changes":[%s],"next_cursor":%d,"has_more":%s,"server_seq":%d}'
            % (items, next_cursor, "true" if has_more else "false", push_seq)).encode()


@router.get("/pull", response_model=PullResponse,
            responses=responses("pull.kursor_tidak_sah", "pull.format_lama", "pull.format_baru",
                                *AUTH_PROBLEMS))
async def pull(request: Request, claims: Annotated[security.Claims, Depends(require)],
               format: Annotated[int | None, Query(  # noqa: A002 - the query's own name
                   ge=1, le=10_000, description="versi format data aplikasi (DATA_FORMAT); "
                                                "kosong: aplikasi lama, ditolak")] = None,
               cursor: Annotated[int | None, Query(ge=0, le=2**62)] = None,
               limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
               prefill: Annotated[bool, Query(description="halaman lanjutan data awal")] = False,
               ) -> Any:
    """Tarik Data: perubahan di server sejak `cursor` (tanpa cursor: data awal perangkat baru).
    Aplikasi menyebut format datanya; aplikasi lama ditolak (409 pull.format_lama)."""
    check_data_format(format, "pull")
    body = await run_in_threadpool(pull_page, ctx_of(request), claims.school_id, cursor, limit,
                                   prefill)
    return Response(body, media_type="application/json")
