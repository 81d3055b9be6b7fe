"""Static files with precompressed `.gz` siblings (written by scripts/build.py).

The runtime is mostly wasm and JavaScript; sending them gzipped cuts a first visit by more
than half. Static hosts do the same with their own gzip_static-like settings.
"""

from __future__ import annotations

import mimetypes
import os

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope


class PrecompressedStaticFiles(StaticFiles):
    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result,
                      scope: Scope, status_code: int = 200) -> Response:
        request_headers = Headers(scope=scope)
        gz = f"{os.fspath(full_path)}.gz"
        accepts_gzip = "gzip" in request_headers.get("accept-encoding", "")
        if accepts_gzip and os.path.isfile(gz):
            media_type = mimetypes.guess_type(os.fspath(full_path))[0] or "application/octet-stream"
            response: Response = FileResponse(
                gz, status_code=status_code, media_type=media_type, stat_result=os.stat(gz),
                headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        else:
            response = FileResponse(full_path, status_code=status_code, stat_result=stat_result)
            response.headers["Vary"] = "Accept-Encoding"
        if self.is_not_modified(response.headers, request_headers):
            return NotModifiedResponse(response.headers)
        return response
