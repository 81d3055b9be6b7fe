"""The engine contract: the UI calls only what the table declares, every call answers bad
input in the one failure shape, and problems are referred to by catalogue entry."""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path

import pytest

from pyapp.core.problems import CATALOGUE
from pyapp.engine import api
from pyapp.engine.contract import BY_NAME, CALLS, Request
from tests.engine.conftest import new_service, run

ROOT = Path(__file__).resolve().parents[2]
FAILURE_KEYS = {"ok", "code", "message", "hint", "details"}
CODE_RE = re.compile(r"^[a-z]+\.[a-z_]+$")
GROUPS = {code.split(".")[0] for code in CATALOGUE}


def _ui_calls() -> dict[str, set[str]]:
    """Engine names the UI uses: bridge.call("x", ...), bridge.call_raw("x", ...), and the
    file calls of excel.button("x", ...) / excel.download("x", ...)."""
    found: dict[str, set[str]] = {"call": set(), "call_raw": set(), "button": set(),
                                  "download": set()}
    owner = {"call": "bridge", "call_raw": "bridge", "button": "excel", "download": "excel"}
    for path in (ROOT / "pyapp" / "ui").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in found and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == owner[node.func.attr]):
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{path.name}:{node.lineno}: engine calls are named by a literal")
                found[node.func.attr].add(first.value)
    return found


def test_the_ui_calls_only_what_the_contract_declares():
    used = _ui_calls()
    assert used["call"], "no engine call found in the UI: the scan is broken"
    assert used["call"] <= set(BY_NAME), used["call"] - set(BY_NAME)
    assert used["call_raw"] <= set(api.EXPORTS), used["call_raw"] - set(api.EXPORTS)
    files = used["button"] | used["download"]
    assert files == set(api.FILE_CALLS), files ^ set(api.FILE_CALLS)  # each one has its button


def test_every_call_has_a_handler_a_request_model_and_a_reply_type():
    assert len({c.name for c in CALLS}) == len(CALLS)
    for c in CALLS:
        assert inspect.iscoroutinefunction(c.handler), c.name
        assert c.handler.__name__ == c.name, f"{c.name} is handled by {c.handler.__qualname__}"
        assert issubclass(c.request, Request) and c.reply is not None


def _bad_requests(call):
    """Requests that are not an object, and (when the call has fields) one whose every
    field has the wrong type."""
    raws = ["[1]", "\"teks\"", "{"]
    if call.request.model_fields:
        wrong = {}
        for name, info in call.request.model_fields.items():
            ann = repr(info.annotation)
            wrong[name] = {"x": 1} if "list" in ann or "dict" not in ann else ["x"]
        raws.append(json.dumps(wrong))
    return raws


@pytest.fixture
def isolated_api():
    api.set_service(new_service())
    api.set_sync_client(None)
    yield
    api.set_service(None)
    api.set_sync_client(None)


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.name)
def test_bad_input_answers_the_failure_shape(isolated_api, call):
    for raw in _bad_requests(call):
        out = json.loads(run(api.call(call.name, raw)))
        assert set(out) == FAILURE_KEYS, (call.name, raw, out)
        assert out["ok"] is False and out["code"] in CATALOGUE and out["message"], out
        assert out["code"] != "engine.kesalahan", out  # refused, not crashed


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.name)
def test_an_empty_request_never_crashes(isolated_api, call):
    """Offline, unregistered, nothing stored: every call answers (a reply or a refusal)."""
    out = json.loads(run(api.call(call.name, "{}")))
    if isinstance(out, dict) and out.get("ok") is False:
        assert set(out) == FAILURE_KEYS and out["code"] in CATALOGUE, out
        assert out["code"] != "engine.kesalahan", out


def _code_literals(package: str):
    """(file, line, text, allowed) of every string literal shaped like a problem code;
    allowed = it is the argument of the catalogue's get(...)."""
    for path in sorted((ROOT / "pyapp" / package).rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        lookups = set()
        for node in ast.walk(tree):
            func = node.func if isinstance(node, ast.Call) else None
            if func is not None and node.args and (
                    (isinstance(func, ast.Name) and func.id == "get")  # from problems import get
                    or (isinstance(func, ast.Attribute) and func.attr == "get"
                        and isinstance(func.value, ast.Name) and func.value.id == "problems")):
                lookups.add(id(node.args[0]))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and CODE_RE.match(node.value) and node.value.split(".")[0] in GROUPS):
                yield path.name, node.lineno, node.value, id(node) in lookups


def test_the_engine_refers_to_problems_by_catalogue_entry():
    found = list(_code_literals("engine"))
    assert found, "no problem lookup found in the engine: the scan is broken"
    literals = [f for f in found if not f[3]]
    assert not literals, f"problem codes as bare literals (use problems.get at import): {literals}"
    assert all(code in CATALOGUE for _f, _l, code, _a in found)


def test_codes_the_ui_names_are_in_the_catalogue():
    codes = [(f, line, code) for f, line, code, _ in _code_literals("ui")]
    assert codes, "the UI names no code: the scan is broken"
    assert all(code in CATALOGUE for _f, _l, code in codes), codes
