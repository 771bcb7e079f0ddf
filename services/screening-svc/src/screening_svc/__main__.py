"""`python -m screening_svc`: serve screening-svc with uvicorn."""

from __future__ import annotations

from lodestone_runtime.serve import serve
from screening_svc.bootstrap import build_app
from screening_svc.settings import Settings


def main() -> None:
    settings = Settings()
    serve(build_app(settings), settings.host, settings.port)


if __name__ == "__main__":
    main()
