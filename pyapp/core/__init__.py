"""Pure domain core: runs unchanged in CPython and in the Pyodide worker.

Nothing here imports js, pyscript, FastAPI or a database.
"""
