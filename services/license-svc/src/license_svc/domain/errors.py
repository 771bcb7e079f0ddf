"""Domain errors raised by commands; each carries the HTTP status the edge should answer with."""


class DomainError(Exception):
    """A command the current state does not allow."""

    status: int = 422


class InvalidState(DomainError):
    """The aggregate is not in a state that accepts this command."""

    status = 409


class DuplicateReviewer(DomainError):
    """The same reviewer tried to decide one application twice (four-eyes)."""

    status = 409
