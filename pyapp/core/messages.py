"""Indonesian messages for pydantic validation errors (forms, snapshot loading, the proxy)."""

from __future__ import annotations

from typing import Any

from pyapp.core.types import PATTERN_MESSAGES

_BY_TYPE: dict[str, str] = {
    "missing": "wajib diisi",
    "extra_forbidden": "kolom tidak dikenal",
    "string_type": "harus teks",
    "string_too_long": "paling panjang {max_length} karakter",
    "string_too_short": "paling sedikit {min_length} karakter",
    "int_type": "harus bilangan bulat",
    "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "float_type": "harus angka",
    "float_parsing": "harus angka",
    "bool_type": "harus ya/tidak (true/false)",
    "bool_parsing": "harus ya/tidak (true/false)",
    "greater_than_equal": "tidak boleh kurang dari {ge}",
    "greater_than": "harus lebih dari {gt}",
    "less_than_equal": "tidak boleh lebih dari {le}",
    "less_than": "harus kurang dari {lt}",
    "date_type": "harus tanggal (TTTT-BB-HH)",
    "date_parsing": "harus tanggal (TTTT-BB-HH)",
    "date_from_datetime_parsing": "harus tanggal (TTTT-BB-HH)",
    "date_from_datetime_inexact": "harus tanggal tanpa jam (TTTT-BB-HH)",
    "datetime_type": "harus tanggal dan jam (ISO 8601)",
    "datetime_parsing": "harus tanggal dan jam (ISO 8601)",
    "datetime_from_date_parsing": "harus tanggal dan jam (ISO 8601)",
    "timezone_aware": "harus menyertakan zona waktu (mis. Z atau +07:00)",
    "literal_error": "harus salah satu kode rujukan: {expected}",
    "list_type": "harus daftar (array)",
    "dict_type": "harus objek",
    "model_type": "harus objek",
    "model_attributes_type": "harus objek",
    "json_invalid": "bukan JSON yang sah ({error})",
    "json_type": "harus teks JSON",
}


def pesan(error: Any) -> str:
    """One pydantic error dict (from `ValidationError.errors()`) → an Indonesian message."""
    etype = error.get("type", "")
    ctx = error.get("ctx") or {}
    if etype == "string_pattern_mismatch":
        return PATTERN_MESSAGES.get(ctx.get("pattern", ""), "format tidak sesuai")
    if etype == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " atau ")
        return f"harus salah satu kode rujukan: {expected}"
    if etype == "value_error":
        return str(ctx.get("error", error.get("msg", "")))
    template = _BY_TYPE.get(etype)
    if template is None:
        return f"nilai tidak sah ({error.get('msg', etype)})"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template
