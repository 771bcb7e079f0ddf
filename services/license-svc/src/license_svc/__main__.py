"""`python -m license_svc`: serve license-svc with uvicorn."""

from __future__ import annotations

from license_svc.bootstrap import build_app
from license_svc.settings import Settings
from lodestone_runtime.serve import serve


def main() -> None:
    settings = Settings()
    serve(build_app(settings), settings.host, settings.port)


if __name__ == "__main__":
    main()
