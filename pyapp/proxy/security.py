"""Kode registrasi (generated, stored only as a scrypt hash) and signed tokens (HMAC-SHA256).

A token is `base64url(json claims) "." base64url(hmac)`. Claims: school id, npsn, code
generation (reset-code bumps it, so older tokens stop working), role, ptk id, expiry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from pyapp.core.problems import ProblemError

# Crockford base32 without I, L, O, U: easy to read aloud and type.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def new_code() -> str:
    """12 symbols (60 bits) in three groups, e.g. `7KQ2-M9XD-4TRB`."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum()).replace("O", "0").replace(
        "I", "1").replace("L", "1")


def hash_code(code: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(normalise_code(code).encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


#: Checked when the NPSN is not registered, so a wrong code costs the same scrypt either way
#: (timing does not tell which NPSNs exist). No code matches it.
DUMMY_HASH = f"scrypt${'5a' * 16}${'00' * 32}"


def check_code(code: str, stored: str | None) -> bool:
    """Whether `code` matches `stored`; with `stored` None it hashes against DUMMY_HASH."""
    if stored is None:
        check_code(code, DUMMY_HASH)
        return False
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(normalise_code(code).encode(), salt=bytes.fromhex(salt), dklen=32,
                         **_SCRYPT)
    return hmac.compare_digest(got.hex(), digest)


@dataclass(frozen=True)
class Claims:
    school_id: int
    npsn: str
    gen: int
    role: str
    ptk_id: str | None
    exp: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(secret: str, claims: Claims) -> str:
    body = _b64(json.dumps({"s": claims.school_id, "n": claims.npsn, "g": claims.gen,
                            "r": claims.role, "p": claims.ptk_id, "e": claims.exp},
                           separators=(",", ":")).encode())
    mac = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


_INT_MAX = 2**31 - 1  # school id and code generation are 32-bit columns
_EXP_MAX = 2**40
_ROLES = ("operator", "kepala_sekolah")


def _int(value: object, high: int) -> int:
    if type(value) is not int or not 0 < value <= high:
        raise ValueError("claim out of range")
    return value


def _claims(d: object) -> Claims:
    if not isinstance(d, dict):
        raise ValueError("claims")
    npsn, role, ptk_id = d["n"], d["r"], d["p"]
    if not isinstance(npsn, str) or len(npsn) > 16 or role not in _ROLES:
        raise ValueError("claims")
    if not (ptk_id is None or (isinstance(ptk_id, str) and len(ptk_id) == 36)):
        raise ValueError("claims")
    return Claims(_int(d["s"], _INT_MAX), npsn, _int(d["g"], _INT_MAX), role, ptk_id,
                  _int(d["e"], _EXP_MAX))


def verify(secret: str, token: str, now: float | None = None) -> Claims:
    """Signature and expiry only (the caller checks the code generation against the DB)."""
    try:
        body, mac = token.split(".")
        want = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(want, _unb64(mac)):
            raise ValueError("mac")
        claims = _claims(json.loads(_unb64(body)))
    except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
        # Any odd claim (1e400, a school id of 10**30, a list…) is a broken token: 401.
        raise ProblemError("auth.token_tidak_sah", reason="rusak") from None
    if claims.exp < (now if now is not None else time.time()):
        raise ProblemError("auth.token_tidak_sah", reason="kedaluwarsa")
    return claims
