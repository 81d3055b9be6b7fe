"""What the static app consists of: the one list used by the dev server,
the service worker's precache manifest and `make dist`.

Paths are relative to the repository root and are served at the same URL path.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Single files served at the site root.
ROOT_FILES = ["index.html", "sw.js", "pyapp/ui/main.py", "pyapp/engine/boot.py"]
# Directories served as-is under the same URL path (the UI's other modules travel in
# static/build/ui-bundle.json).
DIRS = ["static"]

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
