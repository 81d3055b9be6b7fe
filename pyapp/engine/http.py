"""The one HTTP interface the sync client uses, and its implementations.

    status, headers, body = http.request("POST", url, {"Content-Type": ...}, b"...", timeout=20)

`headers` of the answer are lower-cased. Every failure to get an answer at all (refused,
reset, DNS, timeout, the browser's XHR throwing) raises `NetworkError`; an answer with any
status is returned as is (the caller decides what a 4xx/5xx means).

Both implementations use `requests`. In the Pyodide worker `pyodide_http.patch_all()` makes
requests' sessions send a synchronous XMLHttpRequest (allowed in a worker): it blocks the
worker for the duration of one request, which is why the sync client does one request per
`sync_step` call. `requests` costs a few hundred ms of imports, so it is imported at the first
request, not at start-up (in the browser its wheels are even installed then: engine/api.py).
"""

from __future__ import annotations

import sys
from typing import Any, Protocol

__all__ = ["Http", "NetworkError", "RequestsHttp", "BrowserHttp", "default_http"]


def _requests() -> Any:
    import requests

    return requests


class NetworkError(Exception):
    """No HTTP answer (connection refused/reset, DNS, timeout, offline)."""


class Http(Protocol):
    def request(self, method: str, url: str, headers: dict[str, str] | None = None,
                body: bytes | None = None, timeout: float = 30.0
                ) -> tuple[int, dict[str, str], bytes]: ...


class RequestsHttp:
    """CPython: a `requests.Session` (keep-alive between the steps of one sync)."""

    def __init__(self) -> None:
        self._session: Any = None

    def _get_session(self) -> Any:
        if self._session is None:
            self._session = _requests().Session()
        return self._session

    def request(self, method: str, url: str, headers: dict[str, str] | None = None,
                body: bytes | None = None, timeout: float = 30.0
                ) -> tuple[int, dict[str, str], bytes]:
        requests = _requests()
        try:
            r = self._get_session().request(method, url, headers=headers or {}, data=body,
                                            timeout=timeout, allow_redirects=False)
            content = r.content
        except requests.RequestException as exc:
            self.close()  # a half-dead keep-alive connection must not be reused
            raise NetworkError(_describe(exc)) from None
        return r.status_code, {k.lower(): v for k, v in r.headers.items()}, content

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


class BrowserHttp(RequestsHttp):
    """Pyodide worker: requests over pyodide-http's synchronous XHR. A failed XHR raises a
    JS exception (not a requests one) and a blocked/aborted one answers status 0: both are
    NetworkError. The browser sets User-Agent/Connection/Accept-Encoding itself (setting
    them from script is refused), so the session starts without default headers."""

    _patched = False

    def _get_session(self) -> Any:
        if not BrowserHttp._patched:
            import pyodide_http  # type: ignore[import-not-found]

            pyodide_http.patch_all()
            BrowserHttp._patched = True
        if self._session is None:
            self._session = _requests().Session()  # created after the patch: the XHR adapter
            self._session.headers.clear()
        return self._session

    def request(self, method: str, url: str, headers: dict[str, str] | None = None,
                body: bytes | None = None, timeout: float = 30.0
                ) -> tuple[int, dict[str, str], bytes]:
        try:
            status, hdrs, content = super().request(method, url, headers, body, float(timeout))
        except NetworkError:
            raise
        except Exception as exc:  # noqa: BLE001 - JsException (NetworkError/TimeoutError DOMException)
            raise NetworkError(f"{type(exc).__name__}: {exc}") from None
        if not status:
            raise NetworkError("sambungan ditolak atau terputus (status 0)")
        return status, hdrs, content


def _describe(exc: Exception) -> str:
    requests = _requests()
    if isinstance(exc, requests.Timeout):
        return "waktu tunggu habis"
    if isinstance(exc, requests.ConnectionError):
        return "tidak dapat tersambung ke server"
    return f"{type(exc).__name__}: {exc}"


def default_http() -> Http:
    """The Http of this runtime (browser worker or CPython)."""
    if sys.platform == "emscripten":  # pragma: no cover - browser only
        return BrowserHttp()
    return RequestsHttp()
