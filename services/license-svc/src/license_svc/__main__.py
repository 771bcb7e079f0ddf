"""`python -m license_svc`: serve license-svc with uvicorn."""

from __future__ import annotations

import uvicorn

from license_svc.bootstrap import build_app
from license_svc.settings import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(build_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()
