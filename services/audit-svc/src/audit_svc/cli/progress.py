"""Optional rich progress display around a stream of export lines or events, drawn on stderr."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

# Redrawing per line would cost more than verifying it.
_REFRESH_EVERY = 2048
T = TypeVar("T")


def tracked(
    lines: Iterable[T], *, enabled: bool, expected: int | None, label: str = "verifying"
) -> Iterator[T]:
    """Yield the lines unchanged; with `enabled`, show events done out of `expected`."""
    if not enabled:
        yield from lines
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task(label, total=expected)
        done = 0
        for line in lines:
            yield line
            done += 1
            if done % _REFRESH_EVERY == 0:
                progress.update(task, completed=done)
        progress.update(task, completed=done)
