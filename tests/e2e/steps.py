"""The steps of the sync ritual that the browser tests (and the UI sync bench) share: register
the school on the proxy (its CLI) and this computer in the app, take the computer as the
principal (Ubah Akses Pengguna), open the Lembar Konfirmasi, tick it, agree and send.
Each takes the timeout it waits with, since a large school needs longer than a small one."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from playwright.sync_api import expect


def register_school(env: dict[str, str], npsn: str, nama: str) -> str:
    """Register the school on the proxy's database (as the server's operator does); its
    kode registrasi."""
    out = subprocess.run([sys.executable, "-m", "pyapp", "proxy", "register-school", npsn,
                          "--name", nama], env={**os.environ, **env},
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def register_device(page: Any, npsn: str, kode: str, timeout: float = 30_000) -> None:
    """Sinkronisasi → register this computer with the school's NPSN and kode."""
    page.get_by_test_id("nav-sinkronisasi").click()
    expect(page.get_by_test_id("registrasi")).to_be_visible(timeout=timeout)
    page.get_by_test_id("reg-npsn").fill(npsn)
    page.get_by_test_id("reg-kode").fill(kode)
    page.get_by_test_id("btn-daftar").click()
    # Registered: the page shows the pending changes, or offers the server's data first.
    expect(page.locator("[data-testid=sync-pending], [data-testid=btn-prefill]").first
           ).to_be_visible(timeout=timeout)


def as_principal(page: Any, kode: str, timeout: float = 30_000) -> None:
    """Pengaturan → Ubah Akses Pengguna: the principal (first PTK offered) with the kode."""
    page.get_by_test_id("nav-pengaturan").click()
    pick = page.get_by_test_id("akses-ptk")
    pick.select_option(pick.locator("option").nth(1).get_attribute("value"))
    page.get_by_test_id("akses-kode").fill(kode)
    page.get_by_test_id("btn-ubah-akses").click()
    expect(page.get_by_test_id("acting-user")).to_contain_text("Kepala Sekolah", timeout=timeout)


def open_lembar(page: Any, timeout: float = 30_000) -> Any:
    """Sinkronisasi → Sinkronisasi: the Lembar Konfirmasi's items, once shown."""
    page.get_by_test_id("nav-sinkronisasi").click()
    page.get_by_test_id("btn-sinkronisasi").click()
    items = page.get_by_test_id("konfirmasi-item")
    expect(items.first).to_be_visible(timeout=timeout)
    return items


def confirm_and_start(page: Any, timeout: float = 30_000) -> None:
    """Tick every item of the Lembar, Konfirmasi, then Lanjutkan Sinkronisasi (the upload
    starts; nothing is awaited after the click)."""
    items = open_lembar(page, timeout)
    for i in range(items.count()):
        items.nth(i).check()
    page.get_by_test_id("btn-konfirmasi").click()
    page.get_by_test_id("btn-lanjutkan").click()


def sync(page: Any, kode: str, timeout: float = 120_000) -> Any:
    """The whole ritual as the principal, ending at the receipt (and the computer back in the
    operator's hands); the receipt's locator."""
    as_principal(page, kode)
    confirm_and_start(page)
    receipt = page.get_by_test_id("sync-receipt")
    expect(receipt).to_be_visible(timeout=timeout)
    expect(page.get_by_test_id("acting-user")).to_have_text("Operator")
    return receipt
