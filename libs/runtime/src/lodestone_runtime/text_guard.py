"""Refuses JSON bodies whose strings cannot be UTF-8 text (lone surrogates such as "\\ud800").

Python's json accepts such escapes, but no store, event or hash downstream can carry them;
they are bad input and get a 422 problem document before any handler runs.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lodestone_runtime import problems


def _is_json(scope: Scope) -> bool:
    content_type = dict(scope.get("headers", [])).get(b"content-type", b"")
    return b"json" in content_type


def is_clean_text(body: bytes) -> bool:
    """False only for well-formed JSON holding a string that is not valid Unicode text."""
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return True  # malformed JSON is the schema validator's to report
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class JsonTextGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        body = bytearray()
        while True:
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        if b"\\u" in body and not is_clean_text(bytes(body)):
            response = problems.problem_response(
                422,
                "The request holds a string that is not valid Unicode text (a lone surrogate).",
                slug="validation-error",
                title="Validation error",
                extra={"errors": [{"field": "body", "message": "invalid Unicode text"}]},
            )
            await response(scope, receive, send)
            return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
