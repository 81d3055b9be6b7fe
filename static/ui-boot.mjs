// Starts PyScript, and paints the UI shell with MicroPython the moment its interpreter is up.
//
// Before it runs a script's code, PyScript runs its own start-up Python (`import pyscript`:
// about 0.2 s of MicroPython compiling on a slow PC). Painting the shell does not need it, so
// this hook, which PyScript calls when the interpreter is ready, writes the UI's modules (one
// JSON bundle made by scripts/build.py) into MicroPython's file system and imports `ui.paint`,
// which paints the shell. PyScript then runs pyapp/ui/main.py, which starts the rest.
import { hooks } from "./vendor/pyscript/core.js";

const BUNDLE = new URL("./build/ui-bundle.json", import.meta.url);
const modules = fetch(BUNDLE).then((r) => {
  if (!r.ok) throw new Error(`${BUNDLE}: HTTP ${r.status}`);
  return r.json();
});

hooks.main.onReady.add(async (wrap, element) => {
  if (!element?.hasAttribute?.("data-pyapp-ui")) return;
  try {
    const { FS } = wrap.interpreter;
    try {
      FS.mkdir("ui");
    } catch {
      // already there
    }
    for (const [name, source] of Object.entries(await modules)) FS.writeFile(`ui/${name}`, source);
    wrap.interpreter.runPython("import ui.paint");
  } catch (error) {
    // main.py imports the same modules and reports the failure on the page.
    console.error("pyapp: the UI shell could not be painted early:", error);
  }
});
