"""`python -m audit_svc`: serve audit-svc with uvicorn."""

from __future__ import annotations

from audit_svc.bootstrap import build_app
from audit_svc.settings import Settings
from lodestone_runtime.serve import serve


def main() -> None:
    settings = Settings()
    serve(build_app(settings), settings.host, settings.port)


if __name__ == "__main__":
    main()
