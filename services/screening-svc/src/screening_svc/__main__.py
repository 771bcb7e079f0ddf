"""`python -m screening_svc`: serve screening-svc with uvicorn."""

from __future__ import annotations

import uvicorn

from screening_svc.bootstrap import build_app
from screening_svc.settings import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(build_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()
