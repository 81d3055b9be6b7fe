"""Watch a browser context for Content-Security-Policy violations (page and workers), so a
journey proves the app runs under the server's CSP (issue 12)."""

from __future__ import annotations

from typing import Any

_LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  (window.__cspViolations = window.__cspViolations || []).push(
    e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || ""));
});
"""


class CspWatch:
    def __init__(self, context: Any) -> None:
        self.seen: list[str] = []
        self.pages: list[Any] = []
        context.add_init_script(_LISTEN)
        context.on("page", self._page)
        for page in context.pages:
            self._page(page)

    def _page(self, page: Any) -> None:
        self.pages.append(page)
        page.on("console", self._console)
        page.on("worker", lambda w: w.on("console", self._console)
                if hasattr(w, "on") else None)

    def _console(self, msg: Any) -> None:
        text = msg.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.seen.append(text)

    def violations(self) -> list[str]:
        out = list(self.seen)
        for page in self.pages:
            if page.is_closed():
                continue
            try:
                out += page.evaluate("window.__cspViolations || []")
            except Exception:  # noqa: BLE001 - a page navigating away
                pass
        return out
