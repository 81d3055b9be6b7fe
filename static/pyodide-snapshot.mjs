// A short-lived worker that makes the engine's Pyodide memory snapshot (see
// pyodide-loader.mjs): a fresh interpreter imports the standard-library modules the engine
// imported, and its memory goes to Cache Storage under the key the loader gave. Made apart
// from the engine: an interpreter started with _makeSnapshot wraps the JS globals, which the
// engine must not run under.
import { loadPyodide } from "./vendor/pyodide/pyodide.mjs";

const IMPORT_ALL = `
import importlib, json
_failed = []
for _name in json.loads(MODULES):
    try:
        importlib.import_module(_name)
    except Exception:
        _failed.append(_name)
del _name, importlib, json
`;

self.onmessage = async ({ data }) => {
  try {
    const pyodide = await loadPyodide({
      indexURL: data.indexURL, stdLibURL: data.stdLibURL, _makeSnapshot: true,
    });
    pyodide.globals.set("MODULES", JSON.stringify(data.modules));
    pyodide.runPython(IMPORT_ALL);
    pyodide.runPython("del MODULES, _failed");
    const bytes = pyodide.makeMemorySnapshot();
    const cache = await caches.open(data.cache);
    for (const req of await cache.keys()) await cache.delete(req);  // older versions' snapshots
    await cache.put(data.key, new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
    self.postMessage({ ok: true, bytes: bytes.length });
  } catch (e) {
    self.postMessage({ ok: false, error: String(e && e.message || e) });
  }
};
