"""Beranda's counts per tab and the list pills agree (issue 15, item 7): a finding is counted
under the tab where its record is listed, so the pills of a tab's lists add up to that tab's
count even for rules catalogued under another tab (a Pembelajaran rule flagging a GTK)."""

from __future__ import annotations

from pyapp.core.models import TAB_OF, TABS
from pyapp.core.validation import REGISTRY

from tests.engine.conftest import run


def _pills(svc, tab: str) -> tuple[int, int]:
    inv = warn = 0
    for tname in (t for t, tb in TAB_OF.items() if tb == tab):
        offset, total = 0, 1
        while offset < total:
            page = run(svc.list({"type": tname, "limit": 1000, "offset": offset}))
            total, offset = page["total"], offset + 1000
            inv += sum(it["invalid"] for it in page["items"])
            warn += sum(it["warning"] for it in page["items"])
    return inv, warn


def test_every_tab_count_is_the_sum_of_its_list_pills(svc_small):
    dash = run(svc_small.dashboard({}))
    # the case that differed: PEMB-JJM-GURU (tab Pembelajaran) flags GTK records
    assert any(f.rule_id == "PEMB-JJM-GURU" for f in svc_small.report.findings)
    for tab in TABS:
        assert _pills(svc_small, tab) == (dash["summary"][tab]["invalid"],
                                          dash["summary"][tab]["warning"]), tab
        only = run(svc_small.findings({"tab": tab, "limit": 10_000}))
        assert only["total"] == sum(dash["summary"][tab].values()), tab


def test_some_rules_flag_records_of_another_tab():
    """The reason the counts went by the record's tab: these rules exist (if none did, the
    test above would prove nothing about them)."""
    assert {r.id for r in REGISTRY if getattr(r, "main", None) and TAB_OF[r.main] != r.tab} \
        >= {"PEMB-JJM-GURU"}
