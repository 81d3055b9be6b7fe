"""The engine: runs in the Pyodide worker and answers the UI over PyScript's worker RPC.

Every exported call takes and returns JSON strings (None inside dicts, bytes and sets do not
survive the boundary otherwise). Browser-only parts (IndexedDB, fetch) stay thin and behind
small interfaces so the same logic runs under CPython in tests.
"""
