"""The sync proxy (FastAPI). Runs on a server, never in the browser."""
