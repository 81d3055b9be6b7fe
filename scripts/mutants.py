"""`make mutants`: mutation testing with mutmut over pyapp/core and pyapp/proxy, judged by the
fast non-browser tests (tests/core, tests/proxy, in-process; configured in pyproject.toml
[tool.mutmut]). Not part of `make test`.

    python scripts/mutants.py                       # the validation rules and the proxy
    python scripts/mutants.py --scope core,proxy    # all of pyapp/core and pyapp/proxy
    python scripts/mutants.py --sample 0 --budget-min 240   # every mutant, not a sample

By default each area is judged on a uniform random sample of its mutants (fixed seed; the
rules alone have ~2,500 mutants, far more than 30 minutes on two cores can check) and the
score is printed with its 95 % margin. Prints the score per area (killed / checked; a timeout
counts as killed, as mutmut counts it) and every surviving mutant, and writes the same as JSON
to mutants-report.json. A run that reaches its time budget is stopped; the mutants it did not
check are counted apart.

One adaptation of mutmut: it leaves decorated functions alone (copying a decorated function
for its trampoline would run the decorator again), and every Validasi Lokal rule is a function
registered by the `@rule(...)` decorator. For functions whose only decorator is such a
registry call, the trampoline keeps the decorator and the original/mutated copies drop it, so
the rule is registered once, pointing at the trampoline. And functions that only run while
their module is imported (example builders, the NIK rule family's declaration) are not
mutated: mutmut switches a mutant on after the import, so such a mutant could never act.
`_patch_mutmut` does exactly that.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Area -> the files mutated. The proxy's merge of a push into the server state lives in
#: pyapp/core/sync/merge.py (core, pure) but is the proxy's logic: it belongs to that area.
SCOPES = {
    "rules": ["pyapp/core/validation/rules/*"],
    "validation": ["pyapp/core/validation/*"],
    "core": ["pyapp/core/*"],
    "proxy": ["pyapp/proxy/*", "pyapp/core/sync/merge.py"],
}
#: The tests that judge each area's mutants: the rules by their examples, the validation and
#: catalogue tests; the proxy by its API tests (in-process, with the web root copied; the
#: schema-fuzz test is left out in pyproject.toml: it is random).
_RULE_TESTS = ["tests/core/test_validation_rules.py", "tests/core/test_validation_tanggal.py",
               "tests/core/test_validation_cli.py", "tests/core/test_validation_incremental.py"]
SELECTION = {
    "rules": _RULE_TESTS,
    "validation": [*_RULE_TESTS, "tests/core/test_validation.py"],
    "core": ["tests/core"],
    "proxy": ["tests/proxy"],
}
#: Share of the time budget each area may use (the rest is left to the next area).
SHARE = {"rules": 0.55, "validation": 0.6, "core": 0.7, "proxy": 1.0}
#: Mutant names are dotted module paths; the same scopes as globs over them.
NAME_GLOBS = {
    "rules": ["pyapp.core.validation.rules.*"],
    "validation": ["pyapp.core.validation.*"],
    "core": ["pyapp.core.*"],
    "proxy": ["pyapp.proxy.*", "pyapp.core.sync.merge.*"],
}
KILLED = {"killed", "timeout"}
UNCHECKED = {"not checked", "check was interrupted by user", "skipped"}


def _is_registry_decorator(decorator: object) -> bool:
    """`@rule(...)` or `@registry.rule(...)`: a call whose function is named `rule`."""
    import libcst as cst

    call = getattr(decorator, "decorator", None)
    if not isinstance(call, cst.Call):
        return False
    func = call.func
    name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
    return name == "rule"


def _called_at_import(module: object) -> set[str]:
    """Names of functions a module calls while it is imported (in module-level statements or in
    decorator arguments), e.g. a helper building rule examples or declaring a family of rules.
    mutmut activates a mutant after the import, so mutating those could never change anything."""
    import libcst as cst

    class Calls(cst.CSTVisitor):
        def __init__(self) -> None:
            self.names: set[str] = set()

        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Name):
                self.names.add(node.func.value)

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False  # a lambda's body runs later, when it is called

    calls = Calls()
    for stmt in module.body:  # type: ignore[attr-defined]
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            for deco in stmt.decorators:
                deco.visit(calls)
        else:
            stmt.visit(calls)
    return calls.names


#: Functions any module of pyapp calls while it is imported (filled by `_scan_import_time`),
#: e.g. pyapp.proxy.problems.responses, called in the route decorators of push.py.
IMPORT_TIME: set[str] = set()


def _scan_import_time() -> set[str]:
    """Names called at import time anywhere in pyapp (module-level statements, decorators)."""
    import ast

    names: set[str] = set()

    def calls(node: ast.AST) -> None:
        if isinstance(node, ast.Lambda):
            return  # a lambda's body runs later, when it is called
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            names.add(node.func.id)
        for child in ast.iter_child_nodes(node):
            calls(child)

    for path in (ROOT / "pyapp").rglob("*.py"):
        for stmt in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                for deco in stmt.decorator_list:
                    calls(deco)
            else:
                calls(stmt)
    return names


def _patch_mutmut() -> None:
    import libcst as cst
    from mutmut.mutation import file_mutation as fm

    def rule_function(node: object) -> bool:
        return (isinstance(node, cst.FunctionDef) and len(node.decorators) == 1
                and _is_registry_decorator(node.decorators[0]))

    skip = fm.MutationVisitor._skip_node_and_children

    def skip_node_and_children(self, node):  # type: ignore[no-untyped-def]
        if isinstance(node, cst.Module):
            self._import_time = _called_at_import(node) | IMPORT_TIME
        if isinstance(node, cst.FunctionDef) and node.name.value in getattr(self, "_import_time", ()):
            return True  # runs only while the module is imported: a mutant could never be active
        if rule_function(node):
            return skip(self, node.with_changes(decorators=[]))
        return skip(self, node)

    arrange = fm.function_trampoline_arrangement

    def function_trampoline_arrangement(function, mutants, class_name):  # type: ignore[no-untyped-def]
        decls, methods, assigns, names = arrange(function, mutants, class_name)
        if rule_function(function):
            methods = [methods[0], *(m.with_changes(decorators=[]) for m in methods[1:])]
        return decls, methods, assigns, names

    fm.MutationVisitor._skip_node_and_children = skip_node_and_children
    fm.function_trampoline_arrangement = function_trampoline_arrangement


def _sample_only(size: int, seed: int) -> None:
    """Make mutmut check only a uniform random sample (fixed seed) of the area's mutants; the
    sample is written to mutants/sample.json and the report counts only it."""
    import random

    import mutmut.__main__ as mm

    collect_all = mm.collect_source_file_mutation_data

    def collect_sample(*, mutant_names):  # type: ignore[no-untyped-def]
        mutants, by_path = collect_all(mutant_names=mutant_names)
        names = sorted(name for _, name, _ in mutants)
        chosen = set(random.Random(seed).sample(names, min(size, len(names))))
        (ROOT / "mutants" / "sample.json").write_text(json.dumps(
            {"seed": seed, "population": len(names), "sample": sorted(chosen)}, indent=0))
        return [m for m in mutants if m[1] in chosen], by_path

    mm.collect_source_file_mutation_data = collect_sample


def _inner(scope: str, max_children: int, names: list[str], sample: int = 0, seed: int = 17) -> int:
    """Run mutmut in this process (patched) over one area, judged by that area's tests."""
    os.chdir(ROOT)
    os.environ["PYAPP_TESTS_IN_PROCESS"] = "1"
    os.environ["HYPOTHESIS_PROFILE"] = "mutants"  # no shrinking (tests/conftest.py)
    IMPORT_TIME.update(_scan_import_time())
    _patch_mutmut()
    from mutmut.__main__ import cli
    from mutmut.configuration import config

    if sample and not names:  # rechecking named mutants keeps the sample as it is
        _sample_only(sample, seed)
    config().only_mutate = SCOPES[scope]
    config().pytest_add_cli_args_test_selection = SELECTION[scope]
    globs = names or NAME_GLOBS[scope]
    try:
        cli.main(["run", "--max-children", str(max_children), *globs], standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _area(name: str, scopes: list[str]) -> str:
    """The narrowest requested scope a mutant belongs to."""
    order = ["rules", "validation", "proxy", "core"]
    for s in order:
        if s in scopes and any(name.startswith(g[:-1]) for g in NAME_GLOBS[s]):
            return s
    return "other"


def collect(scopes: list[str]) -> dict:
    """Every mutant's status in `scopes`, from the result files mutmut leaves under mutants/."""
    from mutmut.stats import status_by_exit_code

    statuses: dict[str, str] = {}
    for meta in (ROOT / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text())
        for name, code in data.get("exit_code_by_key", {}).items():
            statuses[name] = status_by_exit_code[code]
    sample_file = ROOT / "mutants" / "sample.json"
    sampled = json.loads(sample_file.read_text()) if sample_file.exists() else None
    if sampled is not None:
        statuses = {n: statuses.get(n, "not checked") for n in sampled["sample"]}
    areas: dict[str, Counter[str]] = {}
    survivors: dict[str, list[str]] = {}
    for name, status in sorted(statuses.items()):
        area = _area(name, scopes)
        if area == "other":
            continue
        areas.setdefault(area, Counter())[status] += 1
        if status not in KILLED and status not in UNCHECKED:
            survivors.setdefault(area, []).append(f"{name}: {status}")
    report = {}
    for area, counts in areas.items():
        checked = sum(n for s, n in counts.items() if s not in UNCHECKED)
        killed = sum(n for s, n in counts.items() if s in KILLED)
        report[area] = {"mutants": sum(counts.values()), "checked": checked, "killed": killed,
                        "score_pct": round(100 * killed / checked, 1) if checked else None,
                        "margin_95_pct": _margin(killed, checked, sampled),
                        "population": sampled["population"] if sampled else sum(counts.values()),
                        "statuses": dict(counts), "survivors": survivors.get(area, [])}
    return report


def _margin(killed: int, checked: int, sampled: dict | None) -> float | None:
    """The 95 % margin of a score measured on a random sample (normal approximation)."""
    if not sampled or not checked:
        return None
    p = killed / checked
    return round(196 * (p * (1 - p) / checked) ** 0.5, 1)


def _stop(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """Stop a mutmut run and its test processes (its own process group)."""
    for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=wait)
            return
        except (subprocess.TimeoutExpired, ProcessLookupError):
            continue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scope", default="rules,proxy",
                        help=f"comma-separated, of {', '.join(SCOPES)} (default rules,proxy)")
    parser.add_argument("--max-children", type=int, default=2, help="parallel test processes (2)")
    parser.add_argument("--budget-min", type=float, default=30, help="stop after this many minutes (30)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--report-only", action="store_true", help="only summarise the last run")
    parser.add_argument("--sample", type=int, default=200,
                        help="check this many mutants per area, drawn at random (200; 0: all)")
    parser.add_argument("--seed", type=int, default=17, help="seed of the sample (17)")
    parser.add_argument("--keep", action="store_true",
                        help="reuse mutants/ (generated mutants and test stats) for the first area")
    parser.add_argument("--names", default="",
                        help="comma-separated mutant name globs to (re)check in one scope, keeping "
                             "the results already in mutants/")
    args = parser.parse_args(argv)
    scopes = [s.strip() for s in args.scope.split(",") if s.strip()]
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        parser.error(f"unknown scope {unknown}")
    names = [n.strip() for n in args.names.split(",") if n.strip()]
    if args.inner:
        return _inner(scopes[0], args.max_children, names, args.sample, args.seed)
    started = time.monotonic()
    budget_s = args.budget_min * 60
    stopped: list[str] = []
    areas: dict = {}
    saved = ROOT / "mutants-report.json"
    if args.report_only:
        areas = collect(scopes)
    for scope in [] if args.report_only else scopes:
        if not names and not (args.keep and scope == scopes[0]):
            shutil.rmtree(ROOT / "mutants", ignore_errors=True)  # each area from a clean copy
        left = budget_s - (time.monotonic() - started)
        allowed = left * (SHARE[scope] if scope != scopes[-1] else 1.0)
        proc = subprocess.Popen([sys.executable, __file__, "--inner", "--scope", scope,
                                 "--max-children", str(args.max_children), "--names", ",".join(names),
                                 "--sample", str(args.sample), "--seed", str(args.seed)],
                                cwd=ROOT, start_new_session=True)
        try:
            proc.wait(timeout=max(allowed, 60))
        except subprocess.TimeoutExpired:
            stopped.append(scope)
            _stop(proc)
        areas.update(collect([scope]))
    report = {"scopes": scopes, "wall_min": round((time.monotonic() - started) / 60, 1),
              "stopped_at_budget": stopped, "max_children": args.max_children, "areas": areas}
    if not args.report_only:
        saved.write_text(json.dumps(report, indent=1))
    print(f"\nMutation testing ({', '.join(scopes)}), {report['wall_min']} min"
          + (f" (stopped at the time budget: {', '.join(stopped)})" if stopped else ""))
    for area, r in report["areas"].items():
        margin = f" ± {r['margin_95_pct']}" if r.get("margin_95_pct") is not None else ""
        print(f"  {area}: {r['killed']}/{r['checked']} killed = {r['score_pct']}{margin} % "
              f"({r['mutants']} of {r['population']} mutants; {r['statuses']})")
    for area, r in report["areas"].items():
        if r["survivors"]:
            print(f"\nSurvivors in {area} (`.venv/bin/mutmut show NAME` shows one):")
            for line in r["survivors"]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
