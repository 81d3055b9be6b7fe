# Paints the application shell. Imported by static/ui-boot.mjs the moment MicroPython is up,
# before PyScript's own start-up; main.py imports it too (a no-op once painted).
import js

from ui import shell

shell.render_shell()
js.document.body.setAttribute("data-ui", "ready")
js.performance.mark("pyapp-shell")
