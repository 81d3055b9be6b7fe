"""Shared helper for the model tests: a field accepts the good values and rejects the bad ones,
with an Indonesian message naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from pyapp.core.messages import pesan
from pyapp.core.models import Record

UID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def cases(model: type[Record], base: dict[str, Any], table: list[tuple[str, list[Any], list[Any]]]) -> list[Any]:
    out = []
    for name, good, bad in table:
        for v in good:
            out.append(pytest.param(model, base, name, v, True, id=f"{model.__name__}.{name}={v!r}-ok"))
        for v in bad:
            out.append(pytest.param(model, base, name, v, False, id=f"{model.__name__}.{name}={v!r}-bad"))
    return out


def check(model: type[Record], base: dict[str, Any], name: str, value: Any, ok: bool) -> None:
    data = {**base, name: value}
    if ok:
        rec = model.model_validate(data)
        assert getattr(rec, name) == value or str(getattr(rec, name)) == str(value)
        # and it survives a JSON round trip
        assert model.model_validate_json(rec.model_dump_json()) == rec
        return
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data)
    errors = exc.value.errors()
    assert [e["loc"][0] for e in errors] == [name]
    msg = pesan(errors[0])
    assert msg and "should" not in msg and "Input" not in msg, msg
