"""What the static app consists of: the one list used by the dev server,
the service worker's precache manifest and `make dist`.

Paths are relative to the repository root and are served at the same URL path.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Single files served at the site root.
ROOT_FILES = ["index.html", "sw.js", "pyapp/engine/boot.py"]
# Directories served as-is under the same URL path.
DIRS = ["static", "pyapp/ui"]

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".py": "text/x-python",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".css": "text/css",
}
