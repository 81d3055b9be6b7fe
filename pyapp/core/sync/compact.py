"""The compact push body: the same PushRequest, with its changes stored as columns.

A full push of a large school is ~49,000 records whose keys repeat in every record and whose
references are 36-character UUIDs repeated thousands of times (34,000 nilai point at 3,000
memberships). Written as columns per run of same-type changes, with every UUID listed once and
referenced by its index, the body gzips to about half the size of the plain JSON one.

    {"format": "pyapp.kolom/1",
     "push": {...PushRequest without "changes"...},
     "uuid4_b64": "…", "uuid4_n": 61723,  # every UUID once (see _uuid_table): each run's own
                                  # ids first, then references
     "runs": [{"type": "nilai", "n": 34020, "start": 123,   # ids are uuids[start:start+n]
               "op": "upsert" | [ops], "base_version": null | [versions],
               "no_record": [rows],                        # changes without a record
               "columns": {"field": {"own": 1}              # equals the change's id
                                  | {"ref": [index|null]}   # UUID strings, by index
                                  | {"dict": [str], "idx": [index|null]}  # repeated strings
                                  | {"v": [value|null]}},   # anything else, as is
               "nulls": {"field": [rows]}}, ...]}          # explicit nulls (else: absent)

`unpack(pack(changes))` gives back the very changes (as JSON values), only ordered within a run by
the records they reference (which is what makes the reference columns compress): the content
hash does not depend on the order, so it, the idempotency key and the resumable parts are
unchanged; only the bytes in between are fewer. The proxy accepts both forms (`parse_push_body`).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from pyapp.core.sync.messages import PushRequest

__all__ = ["FORMAT", "pack", "unpack", "is_compact", "parse_push_body", "CompactError"]

FORMAT = "pyapp.kolom/1"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_MISSING = object()


class CompactError(ValueError):
    """A compact body that does not decode (the proxy answers request.rusak)."""


def _runs(changes: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    runs: list[list[dict[str, Any]]] = []
    for ch in changes:
        if runs and runs[-1][0]["type"] == ch["type"]:
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return runs


def _same(values: list[Any]) -> Any:
    first = values[0] if values else None
    return first if all(v == first for v in values) and not isinstance(first, list) else values


def _is_uuid(v: Any) -> bool:
    return isinstance(v, str) and _UUID.match(v) is not None


def _by_references(run: list[dict[str, Any]], index: dict[str, int]) -> Any:
    """Sort key of a run: by the records it references (34,000 nilai ordered by membership
    and pembelajaran make those columns long runs of one number, which compress to nearly
    nothing). The content hash does not depend on the order of the changes."""
    names: dict[str, None] = {}
    for ch in run[:50]:  # a sample says which fields hold references
        rec = ch.get("record") or {}
        names.update(dict.fromkeys(k for k, v in rec.items() if k != "id" and _is_uuid(v)))
    if not names:
        return lambda ch: 0
    refs, last = list(names), len(index)

    def key(ch: dict[str, Any]) -> tuple[int, ...]:
        rec = ch.get("record") or {}
        out = []
        for n in refs:
            v = rec.get(n)
            out.append(index.get(v, last) if isinstance(v, str) else last)
        return tuple(out)

    return key


def pack(head: dict[str, Any], changes: list[dict[str, Any]]) -> bytes:
    """The compact body (UTF-8 JSON) of a push whose changes are JSON-mode dicts
    (`type`, `id`, `op`, `base_version`, `record`)."""
    runs = _runs(changes)
    uuids: list[str] = []
    index: dict[str, int] = {}
    for run in runs:  # own ids first, in order: a run's ids are a slice
        run.sort(key=_by_references(run, index))
        for ch in run:
            index.setdefault(ch["id"], len(uuids))
            uuids.append(ch["id"])
    out_runs = []
    for run in runs:
        n = len(run)
        entry: dict[str, Any] = {
            "type": run[0]["type"], "n": n, "start": index[run[0]["id"]],
            "op": _same([ch.get("op", "upsert") for ch in run]),
            "base_version": _same([ch.get("base_version") for ch in run]),
        }
        # One pass over every value: columns (None where absent) and explicit nulls.
        cols: dict[str, list[Any]] = {}
        nulls: dict[str, list[int]] = {}
        no_record = []
        for i, ch in enumerate(run):
            rec = ch.get("record")
            if rec is None:
                no_record.append(i)
                continue
            for k, v in rec.items():
                col = cols.get(k)
                if col is None:
                    col = cols[k] = [None] * n
                if v is None:
                    nulls.setdefault(k, []).append(i)
                else:
                    col[i] = v
        if no_record:
            entry["no_record"] = no_record
        columns: dict[str, Any] = {}
        ids: list[str] | None = None
        for name, values in cols.items():
            if not _uuid_column(values):
                columns[name] = _plain_or_dict(values)
                continue
            if ids is None:
                ids = [ch["id"] for ch in run]
            if not nulls.get(name) and not no_record and values == ids:
                columns[name] = {"own": 1}
            else:
                columns[name] = {"ref": _refs(values, index, uuids)}
        entry["columns"] = columns
        if nulls:
            entry["nulls"] = nulls
        out_runs.append(entry)
    body = {"format": FORMAT, "push": {k: v for k, v in head.items() if k != "changes"},
            **_uuid_table(uuids), "runs": out_runs}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _uuid_column(values: list[Any]) -> bool:
    """Every value null or a canonical UUID. A reference column repeats few values many
    times (39,960 nilai, 3,000 memberships), so each distinct value is checked once."""
    match = _UUID.match
    for v in values:  # the first value settles most columns
        if v is not None:
            if type(v) is not str or match(v) is None:
                return False
            break
    try:
        distinct = set(values)
    except TypeError:  # a list or an object somewhere: not a UUID column
        return False
    distinct.discard(None)
    return all(type(v) is str and match(v) is not None for v in distinct)


def _refs(values: list[Any], index: dict[str, int], uuids: list[str]) -> list[int | None]:
    """A UUID column as indexes into the table; a UUID not in it yet is added, in order."""
    get = index.get
    refs: list[int | None] = [None if v is None else get(v) for v in values]
    if None in refs:
        for i, at in enumerate(refs):
            v = values[i]
            if at is None and v is not None:
                found = get(v)
                if found is None:
                    found = index[v] = len(uuids)
                    uuids.append(v)
                refs[i] = found
    return refs


def _plain_or_dict(values: list[Any]) -> dict[str, Any]:
    """A column as is, or (strings repeated a lot, like generated descriptions) as its distinct
    strings plus an index per row: the repeats are then far apart for deflate's window."""
    if len(values) >= 64 and all(v is None or isinstance(v, str) for v in values):
        distinct = list(dict.fromkeys(v for v in values if v is not None))
        if len(distinct) * 4 <= len(values):
            at = {v: i for i, v in enumerate(distinct)}
            return {"dict": distinct, "idx": [None if v is None else at[v] for v in values]}
    return {"v": values}


#: A version-4 UUID's fixed bits: the version nibble (4) and the variant (binary 10).
_V4_MASK, _V4_BITS = (0xF << 76) | (0x3 << 62), (0x4 << 76) | (0x2 << 62)
_LOW62 = (1 << 62) - 1


def _uuid_table(uuids: list[str]) -> dict[str, Any]:
    """The UUIDs as compact as deflate can keep them. A random UUID is ~16 bytes of entropy;
    deflate gets close to that on base64, but not on quoted, dashed hex (short chance matches
    between random hex digits cost more than they save). When all are version 4 (what Dapodik
    and this app make), their 6 fixed bits are left out: 122 bits each, four to 61 bytes
    (`uuid4_b64`, with their number in `uuid4_n`), 47 KB less for a large school's 61,700.
    Otherwise the 16 bytes of each (`uuid_b64`), or the strings when one is not canonical."""
    match = _UUID.match
    if None in [match(u) for u in uuids]:  # a comprehension: no generator step per UUID
        return {"uuids": uuids}
    ints = [int(u.replace("-", ""), 16) for u in uuids]
    if [i for i in ints if i & _V4_MASK != _V4_BITS]:
        raw = b"".join(i.to_bytes(16, "big") for i in ints)
        return {"uuid_b64": base64.b64encode(raw).decode("ascii")}
    v = [((i >> 80) << 74) | (((i >> 64) & 0xFFF) << 62) | (i & _LOW62) for i in ints]
    v += [0] * (-len(v) % 4)
    raw = b"".join(((v[k] << 366) | (v[k + 1] << 244) | (v[k + 2] << 122) | v[k + 3]).to_bytes(61, "big")
                   for k in range(0, len(v), 4))
    return {"uuid4_b64": base64.b64encode(raw).decode("ascii"), "uuid4_n": len(ints)}


def _b64(text: Any, name: str, unit: int) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        raise CompactError(f"{name} bukan base64") from None
    if len(raw) % unit:
        raise CompactError(f"{name} tidak kelipatan {unit} byte")
    return raw


def _text(i: int) -> str:
    h = f"{i:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _uuids_of(body: dict[str, Any]) -> list[str]:
    if "uuid4_b64" in body:
        raw = _b64(body["uuid4_b64"], "uuid4_b64", 61)
        n = int(body["uuid4_n"])
        if not 0 <= n <= len(raw) // 61 * 4 < n + 4:
            raise CompactError("uuid4_n tidak sesuai panjang uuid4_b64")
        out = []
        mask = (1 << 122) - 1
        for k in range(0, len(raw), 61):
            group = int.from_bytes(raw[k:k + 61], "big")
            for shift in (366, 244, 122, 0):
                v = (group >> shift) & mask
                out.append(_text(((v >> 74) << 80) | (0x4 << 76) | (((v >> 62) & 0xFFF) << 64)
                                 | (0x2 << 62) | (v & _LOW62)))
        return out[:n]
    if "uuid_b64" in body:
        text = _b64(body["uuid_b64"], "uuid_b64", 16).hex()
        return [f"{text[i:i + 8]}-{text[i + 8:i + 12]}-{text[i + 12:i + 16]}-"
                f"{text[i + 16:i + 20]}-{text[i + 20:i + 32]}" for i in range(0, len(text), 32)]
    return list(body["uuids"])


def unpack(body: dict[str, Any]) -> dict[str, Any]:
    """The PushRequest JSON object (with its `changes`) of a decoded compact body."""
    try:
        uuids = _uuids_of(body)
        changes: list[dict[str, Any]] = []
        for run in body["runs"]:
            n, start = int(run["n"]), int(run["start"])
            ids = uuids[start:start + n]
            if len(ids) != n:
                raise CompactError("ids di luar daftar uuid")
            ops, bases = run["op"], run["base_version"]
            ops = ops if isinstance(ops, list) else [ops] * n
            bases = bases if isinstance(bases, list) else [bases] * n
            no_record = set(run.get("no_record") or ())
            records: list[dict[str, Any] | None] = [None if i in no_record else {}
                                                    for i in range(n)]
            for name, col in run["columns"].items():
                if "own" in col:
                    for i, rec in enumerate(records):
                        if rec is not None:
                            rec[name] = ids[i]
                    continue
                if "ref" in col:
                    values = [None if x is None else uuids[x] for x in col["ref"]]
                elif "dict" in col:
                    words = col["dict"]
                    values = [None if x is None else words[x] for x in col["idx"]]
                else:
                    values = col["v"]
                if len(values) != n:
                    raise CompactError(f"kolom {name} tidak sepanjang {n}")
                for rec, v in zip(records, values, strict=True):
                    if rec is not None and v is not None:
                        rec[name] = v
            for name, rows in (run.get("nulls") or {}).items():
                for i in rows:
                    rec = records[i]
                    if rec is not None:
                        rec[name] = None
            for i in range(n):
                changes.append({"type": run["type"], "id": ids[i], "op": ops[i],
                                "base_version": bases[i], "record": records[i]})
        return {**body["push"], "changes": changes}
    except CompactError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise CompactError(f"{type(exc).__name__}: {exc}") from None


def is_compact(raw: bytes) -> bool:
    return raw[:40].replace(b" ", b"").startswith(b'{"format":"pyapp.kolom/')


def parse_push_body(raw: bytes) -> PushRequest:
    """A push body in either form as a PushRequest (pydantic ValidationError when invalid,
    CompactError when a compact body is malformed)."""
    if not is_compact(raw):
        return PushRequest.model_validate_json(raw)
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise CompactError(f"JSON rusak: {exc}") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise CompactError(f"format tidak dikenal: {str(body.get('format'))[:40]}"
                           if isinstance(body, dict) else "bukan objek")
    return PushRequest.model_validate(unpack(body))
