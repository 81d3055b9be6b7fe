// The engine worker's "interpreter" module (see static/build/engine.json).
//
// PyScript imports it and calls loadPyodide(options) as it would on Pyodide's own module.
// It loads the vendored Pyodide with the standard library precompiled to bytecode by the
// build (scripts/pyc.mjs): Pyodide's release ships sources only, and compiling them at every
// start-up cost seconds.
//
// Memory snapshot: starting Python and importing the standard library the engine needs is
// most of an offline start. The first start of a version therefore has a separate worker
// (pyodide-snapshot.mjs) start an interpreter, import those modules and keep a snapshot of
// its memory in Cache Storage; later starts restore it instead (Pyodide's _loadSnapshot).
// Packages with an extension module (pydantic-core) cannot be in a snapshot yet, so the
// wheels are still loaded after it. A snapshot that fails to restore is deleted and the
// start goes on without it.
import { loadPyodide as load, version } from "./vendor/pyodide/pyodide.mjs";

export { version };

// Where the build's files live: the engine installs its on-demand wheels from here.
globalThis.pyappBuildURL = new URL("./build/", import.meta.url).href;
// Worker clock (ms) when loadPyodide started, when the interpreter was up and when the start-up
// wheels were installed, and what happened to the snapshot: the engine's `ping` reports them.
globalThis.pyappLoaderTimings = {};

// The stored school, read while Pyodide starts (engine/idb.py `load_parts` takes it once):
// reading a large school's chunks costs ~0.4 s that the open no longer waits for. Never
// creates or upgrades the database, and closes it at once (the engine opens it itself).
globalThis.pyappPrefetch = prefetchStore();

async function prefetchStore(name = "pyapp") {
  if (typeof indexedDB === "undefined") return null;
  const db = await new Promise((resolve) => {
    const req = indexedDB.open(name);
    req.onupgradeneeded = () => req.transaction.abort();  // none yet: the engine makes it
    req.onsuccess = () => resolve(req.result);
    req.onerror = req.onblocked = () => resolve(null);
  });
  if (!db) return null;
  try {
    db.onversionchange = () => db.close();
    const names = [...db.objectStoreNames];
    if (!names.includes("chunks") || !names.includes("meta")) return null;
    const types = names.filter((n) => !["chunks", "changes", "meta"].includes(n));
    const tx = db.transaction(["chunks", "meta", ...types], "readonly");
    const done = new Promise((ok, fail) => { tx.oncomplete = ok; tx.onabort = fail; });
    const chunks = tx.objectStore("chunks"), meta = tx.objectStore("meta");
    const keys = chunks.getAllKeys(), texts = chunks.getAll();
    const revision = meta.get("revision"), format = meta.get("format_version");
    const records = types.map((t) => [t, tx.objectStore(t).getAll()]);
    await done;
    return { version: db.version, revision: revision.result, format: format.result,
             keys: keys.result, texts: texts.result,
             records: Object.fromEntries(records.map(([t, r]) => [t, r.result])) };
  } catch {
    return null;
  } finally {
    db.close();
  }
}

const SNAPSHOT_CACHE = "pyodide-snapshot";  // not "pyapp-…": the service worker keeps it
const SNAPSHOT_DELAY_MS = 3000;  // let the first start finish before making one

const paths = () => ({
  indexURL: new URL("./vendor/pyodide/", import.meta.url).href,
  stdLibURL: new URL("./build/python_stdlib.zip", import.meta.url).href,
});

// The snapshot belongs to one Pyodide and one standard-library zip: its key names Pyodide's
// version and the zip's ETag (or Last-Modified) as the service worker cached it. Before the
// service worker has cached the zip (a first visit) there is no key, and no snapshot yet.
async function snapshotKey() {
  if (typeof caches === "undefined") return null;
  const hit = await caches.match(paths().stdLibURL);
  const id = hit && (hit.headers.get("etag") || hit.headers.get("last-modified"));
  if (!id) return null;
  return new URL(`./build/pyodide-${version}.snapshot?stdlib=${encodeURIComponent(id)}`,
                 import.meta.url).href;
}

async function readSnapshot(key) {
  if (typeof caches === "undefined") return null;
  const hit = await (await caches.open(SNAPSHOT_CACHE)).match(key);
  return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
}

// The standard-library modules this worker has imported from the zip by now (the engine's).
const STDLIB_IMPORTED = `
import json, sys
_zips = tuple(p + "/" for p in sys.path if p.endswith(".zip"))
json.dumps(sorted(n for n, m in list(sys.modules.items())
                  if _zips and (getattr(m, "__file__", None) or "").startswith(_zips)))
`;

function makeSnapshotLater(pyodide, tries = 12) {
  const timings = globalThis.pyappLoaderTimings;
  timings.snapshot = "scheduled";
  setTimeout(async () => {
    let key = null;
    try {
      key = await snapshotKey();
    } catch (e) {
      timings.snapshot = "unavailable: " + e.message;
      return;
    }
    if (!key) {  // the service worker has not cached the zip yet
      if (tries > 1) makeSnapshotLater(pyodide, tries - 1);
      else timings.snapshot = "unavailable: no cached standard library";
      return;
    }
    timings.snapshot = "making";
    let modules = [];
    try {
      modules = JSON.parse(pyodide.runPython(STDLIB_IMPORTED));
    } catch (e) {
      timings.snapshot = "failed: " + e.message;
      return;
    }
    const started = performance.now();
    const worker = new Worker(new URL("./pyodide-snapshot.mjs", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }) => {
      timings.snapshot = data.ok ? "made" : "failed: " + data.error;
      timings.snapshot_make_ms = Math.round(performance.now() - started);
      timings.snapshot_bytes = data.bytes || 0;
      worker.terminate();
    };
    worker.onerror = (e) => { timings.snapshot = "failed: " + e.message; worker.terminate(); };
    worker.postMessage({ key, modules, cache: SNAPSHOT_CACHE, ...paths() });
  }, SNAPSHOT_DELAY_MS);
}

export async function loadPyodide({ packages = [], ...options } = {}) {
  const timings = globalThis.pyappLoaderTimings;
  timings.load_start_ms = Math.round(performance.now());
  let key = null, snapshot = null;
  try {
    key = await snapshotKey();
    snapshot = key ? await readSnapshot(key) : null;
  } catch (e) {
    timings.snapshot = "unavailable: " + e.message;
  }
  timings.snapshot_read_ms = Math.round(performance.now()) - timings.load_start_ms;
  let pyodide = null;
  if (snapshot) {
    try {
      pyodide = await load({ ...options, ...paths(), _loadSnapshot: snapshot });
      // The snapshot froze the random module's seed: every start would draw the same numbers.
      pyodide.runPython("import sys\nif 'random' in sys.modules:\n    sys.modules['random'].seed()");
      timings.snapshot = "restored";
    } catch (e) {
      timings.snapshot = "restore failed: " + e.message;
      pyodide = null;
      await caches.delete(SNAPSHOT_CACHE);
    }
  }
  if (!pyodide) pyodide = await load({ ...options, ...paths() });
  timings.interpreter_ms = Math.round(performance.now());
  // What loadPyodide({packages}) would do, timed apart.
  if (packages.length) await pyodide.loadPackage(packages);
  timings.loaded_ms = Math.round(performance.now());
  if (!snapshot) makeSnapshotLater(pyodide);
  return pyodide;
}
