"""Entry point of `lodestone-audit`: one argparse subparser per subcommand module.

A subcommand module offers `register(subparsers)`, which sets `handler` to a function returning
the exit code: 0 only when everything checked holds.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from audit_svc.cli import rederive_command, state_command, verify_command

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]
SUBCOMMANDS: tuple[Register, ...] = (
    verify_command.register,
    state_command.register,
    rederive_command.register,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lodestone-audit", description="Independently verify the Lodestone audit log."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for register in SUBCOMMANDS:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
