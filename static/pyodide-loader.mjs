// The engine worker's "interpreter" module (see static/build/engine.json).
//
// PyScript imports it and calls loadPyodide(options) as it would on Pyodide's own module.
// It loads the vendored Pyodide with the standard library precompiled to bytecode by the
// build (scripts/pyc.mjs): Pyodide's release ships sources only, and compiling them at every
// start-up cost seconds.
import { loadPyodide as load, version } from "./vendor/pyodide/pyodide.mjs";

export { version };

// Where the build's files live: the engine installs its on-demand wheels from here.
globalThis.pyappBuildURL = new URL("./build/", import.meta.url).href;
// Worker clock (ms) at the start and end of loadPyodide, for the engine's `ping` timings.
globalThis.pyappLoaderTimings = {};

export async function loadPyodide(options = {}) {
  const timings = globalThis.pyappLoaderTimings;
  timings.load_start_ms = Math.round(performance.now());
  const pyodide = await load({
    ...options,
    indexURL: new URL("./vendor/pyodide/", import.meta.url).href,
    stdLibURL: new URL("./build/python_stdlib.zip", import.meta.url).href,
  });
  timings.loaded_ms = Math.round(performance.now());
  return pyodide;
}
