"""Browser-only helpers of the engine worker outside IndexedDB: the storage estimate (usage,
quota, persisted) and a JSON GET through the worker's fetch. Imported only in the browser
(`js`); tested by the e2e tests."""

from __future__ import annotations

import json
from typing import Any

from pyapp.engine.store import StoreError

__all__ = ["fetch_json", "storage_info"]


async def storage_info() -> dict[str, Any]:
    """navigator.storage.estimate() and persist(): usage/quota in bytes, persisted or not."""
    info: dict[str, Any] = {"usage": None, "quota": None, "persisted": None, "backend": "indexeddb"}
    try:
        from js import navigator

        storage = getattr(navigator, "storage", None)
        if storage is None:
            return info
        est = await storage.estimate()
        info["usage"] = int(est.usage) if getattr(est, "usage", None) is not None else None
        info["quota"] = int(est.quota) if getattr(est, "quota", None) is not None else None
        persisted = bool(await storage.persisted())
        if not persisted and hasattr(storage, "persist"):
            # Workers have no navigator.storage.persist in some browsers: the UI may ask too.
            persisted = bool(await storage.persist())
        info["persisted"] = persisted
    except Exception as exc:  # noqa: BLE001 - storage info is advisory
        info["error"] = str(exc)
    return info


async def fetch_json(url: str) -> Any:
    """GET a JSON document (absolute URL: the worker is a blob: URL)."""
    from js import fetch

    resp = await fetch(url)
    if not resp.ok:
        raise StoreError(f"Gagal mengambil {url} (HTTP {resp.status}).")
    return json.loads(str(await resp.text()))
