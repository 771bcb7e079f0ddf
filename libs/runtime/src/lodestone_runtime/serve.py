"""Serving a service's app with uvicorn: the same server settings for all three."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

# Longer than any client pool's idle expiry (httpx: 5 s, load balancers: ~60 s). With equal
# timeouts the server may close an idle connection just as the client sends on it, and the
# client sees the connection reset (seen under sustained load with uvicorn's default 5 s).
KEEP_ALIVE_S = 75


def serve(app: FastAPI, host: str, port: int) -> None:
    """Run until stopped; logging stays as the service configured it (JSON lines)."""
    uvicorn.run(app, host=host, port=port, log_config=None, timeout_keep_alive=KEEP_ALIVE_S)
