// Precompile Python archives to bytecode with the vendored Pyodide itself (run by build.py).
//
// Pyodide's npm release ships python_stdlib.zip with sources only, so a cold start compiles
// every module it imports (about 4 s of the engine's start-up on a 2-core PC). Bytecode must
// come from the same CPython as the browser's (3.14 here), so it is made by that interpreter,
// under Node, at build time.
//
//   node scripts/pyc.mjs <pyodide dir> <jobs.json>
//
// jobs.json is a list of {"src", "dst", "mode"}; mode is
//   "stdlib"  each .py becomes a sourceless .pyc (zipimport loads it from the zip)
//   "wheel"   the same, for a wheel unpacked into site-packages
//   "cached"  keep each .py and add __pycache__/<name>.<tag>.pyc (tracebacks keep the source)
// All .pyc files are unchecked-hash pycs, so no timestamp is compared at import.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, jobsPath] = process.argv.slice(2);
if (!pyodideDir || !jobsPath) {
  console.error("usage: node scripts/pyc.mjs <pyodide dir> <jobs.json>");
  process.exit(2);
}
const indexURL = resolve(pyodideDir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const py = await loadPyodide({ indexURL });
const jobs = JSON.parse(readFileSync(jobsPath, "utf8"));

py.runPython(`
import importlib._bootstrap_external as _ext
import importlib.util
import sys
import zipfile

EPOCH = (2020, 1, 1, 0, 0, 0)
PREFIX = {
    "stdlib": [p for p in sys.path if p.endswith(".zip")][0] + "/",
    "wheel": [p for p in sys.path if p.endswith("site-packages")][0] + "/",
}


def _pyc(source, filename):
    code = compile(source, filename, "exec", dont_inherit=True)
    return bytes(_ext._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def _entry(name):
    info = zipfile.ZipInfo(name, EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def convert(src, dst, mode):
    count = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            data = zin.read(info)
            name = info.filename
            if not name.endswith(".py"):
                out.writestr(info, data)
                continue
            try:
                code = _pyc(data, name if mode == "cached" else PREFIX[mode] + name)
            except SyntaxError:  # not importable anyway (a test fixture, say): ship it as is
                out.writestr(info, data)
                continue
            if mode == "cached":
                out.writestr(info, data)
                folder, _, stem = name.rpartition("/")
                cached = (folder + "/" if folder else "") + "__pycache__/" + stem[:-3] + "." \
                    + sys.implementation.cache_tag + ".pyc"
                out.writestr(_entry(cached), code)
            else:
                out.writestr(_entry(name + "c"), code)
            count += 1
    return count
`);
const convert = py.globals.get("convert");
for (const job of jobs) {
  py.FS.writeFile("/tmp/in.zip", readFileSync(job.src));
  const count = convert("/tmp/in.zip", "/tmp/out.zip", job.mode);
  writeFileSync(job.dst, py.FS.readFile("/tmp/out.zip"));
  console.log(`pyc: ${job.mode} ${job.src.split("/").pop()}: ${count} modules`);
}
