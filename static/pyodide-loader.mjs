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
// Worker clock (ms) when loadPyodide started, when the interpreter was up and when the start-up
// wheels were installed: the engine's `ping` reports them.
globalThis.pyappLoaderTimings = {};

export async function loadPyodide({ packages = [], ...options } = {}) {
  const timings = globalThis.pyappLoaderTimings;
  timings.load_start_ms = Math.round(performance.now());
  const pyodide = await load({
    ...options,
    indexURL: new URL("./vendor/pyodide/", import.meta.url).href,
    stdLibURL: new URL("./build/python_stdlib.zip", import.meta.url).href,
  });
  timings.interpreter_ms = Math.round(performance.now());
  // What loadPyodide({packages}) would do, timed apart.
  if (packages.length) await pyodide.loadPackage(packages);
  timings.loaded_ms = Math.round(performance.now());
  return pyodide;
}
