"""The event store: streams with optimistic concurrency, a gap-free global log, an inbox."""

from lodestone_runtime.store.eventstore import (
    AppendResult,
    ConcurrencyConflict,
    EventStore,
    StoredEvent,
    Transaction,
)

__all__ = ["AppendResult", "ConcurrencyConflict", "EventStore", "StoredEvent", "Transaction"]
