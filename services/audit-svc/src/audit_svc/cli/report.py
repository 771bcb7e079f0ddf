"""The outcome of verifying an export: what was checked and every failure, by seq where known."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_LISTED_FAILURES = 100


@dataclass(frozen=True)
class Failure:
    """One failed check. `seq` is None when the check covers a whole tree (root, signature)."""

    seq: int | None
    kind: str
    message: str


@dataclass
class VerifyReport:
    events: int = 0
    tree_size: int | None = None
    root_hash: str | None = None
    checkpoints_checked: int = 0
    failures: list[Failure] = field(default_factory=list)
    failure_count: int = 0

    @property
    def ok(self) -> bool:
        return self.failure_count == 0

    @property
    def first_failing_seq(self) -> int | None:
        seqs = [failure.seq for failure in self.failures if failure.seq is not None]
        return min(seqs, default=None)

    def fail(self, seq: int | None, kind: str, message: str) -> None:
        """Record a failure; beyond the listing limit only the count grows."""
        self.failure_count += 1
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append(Failure(seq, kind, message))

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "checkpoints_checked": self.checkpoints_checked,
            "first_failing_seq": self.first_failing_seq,
            "failure_count": self.failure_count,
            "failures": [vars(failure) for failure in self.failures],
        }
