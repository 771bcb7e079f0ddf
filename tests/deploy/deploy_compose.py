"""Reads the Compose files as Compose would: YAML, `${VAR}` interpolation, override merging.

Offline and engine-free, so the deploy checks run in `make test`; the interpolation rules follow
the Compose Specification (`$$`, `${VAR}`, `:-`, `-`, `:?`, `?`, `:+`, `+`).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic.aliases import AliasChoices
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BASE_FILE = DEPLOY / "docker-compose.yml"
HA_FILE = DEPLOY / "docker-compose.ha.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
SCHEMA_FILE = DEPLOY / "schema" / "compose-spec.json"
SECRET_WORDS = ("secret", "key", "password", "token", "credential")

_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariableError(ValueError):
    """A `${VAR:?message}` whose variable is unset: Compose refuses to start."""


def load_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def parse_env_file(text: str) -> dict[str, str]:
    """KEY=VALUE lines as Compose's --env-file reads them (comments and blanks skipped)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition("=")
        assert sep, f"not KEY=VALUE: {line!r}"
        values[key.strip()] = value.strip().strip("'\"")
    return values


def _substitute(match: re.Match[str], env: Mapping[str, str]) -> str:
    if match.group("escaped"):
        return "$"
    name = match.group("braced") or match.group("named")
    op, arg = match.group("op"), match.group("arg") or ""
    value = env.get(name)
    empty = value is None or (value == "" and op is not None and op.startswith(":"))
    if op in (":-", "-"):
        return arg if empty else str(value)
    if op in (":?", "?"):
        if empty:
            raise MissingVariableError(f"{name}: {arg}")
        return str(value)
    if op in (":+", "+"):
        return "" if empty else arg
    return value or ""


def interpolate(node: Any, env: Mapping[str, str]) -> Any:
    """Every string in a loaded Compose document with its variables substituted."""
    if isinstance(node, str):
        return _VARIABLE.sub(lambda m: _substitute(m, env), node)
    if isinstance(node, dict):
        return {key: interpolate(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate(value, env) for value in node]
    return node


def merge(base: Any, override: Any) -> Any:
    """Compose's override rule for what these files use: mappings merge, anything else replaces."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    return override


def compose_config(env: Mapping[str, str], *, ha: bool = False) -> dict[str, Any]:
    """The effective configuration of `docker compose -f base [-f ha] --env-file ...`."""
    config = load_yaml(BASE_FILE)
    if ha:
        config = merge(config, load_yaml(HA_FILE))
    result = interpolate(config, env)
    assert isinstance(result, dict)
    return result


def variable_references(text: str) -> list[tuple[str, str | None, str]]:
    """(name, operator, argument) of every `${...}` in a Compose file's text."""
    return [
        (m.group("braced"), m.group("op"), m.group("arg") or "")
        for m in _VARIABLE.finditer(text)
        if m.group("braced")
    ]


def example_env(**overrides: str) -> dict[str, str]:
    """deploy/.env.example with test secrets filled in, as an operator would."""
    env = parse_env_file(ENV_EXAMPLE.read_text())
    env.update(AUTH_SECRET="t" * 48, AUDIT_SIGNING_KEY="ab" * 32, POSTGRES_PASSWORD="0f" * 12)
    env.update(overrides)
    return env


def environment_of(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's `environment` as the container sees it (YAML scalars to strings)."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    return {key: _as_env_string(value) for key, value in raw.items()}


def _as_env_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@dataclass(frozen=True)
class LodestoneService:
    """A Compose service built from services/<dir>/Dockerfile, with its settings class."""

    name: str
    directory: str
    package: str
    settings: type[BaseSettings]


def lodestone_services(config: Mapping[str, Any]) -> list[LodestoneService]:
    """Every built service, its settings class imported live (fields may grow)."""
    found = []
    for name, service in config["services"].items():
        build = service.get("build")
        if not build:
            continue
        directory = Path(build["dockerfile"]).parent.name
        package = directory.replace("-", "_")
        module = importlib.import_module(f"{package}.settings")
        found.append(LodestoneService(name, directory, package, module.Settings))
    return found


def env_names(settings: type[BaseSettings]) -> dict[str, tuple[str, ...]]:
    """Field name -> the environment variable names pydantic-settings reads it from."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    names: dict[str, tuple[str, ...]] = {}
    for field_name, field in settings.model_fields.items():
        alias = field.validation_alias or field.alias
        if isinstance(alias, AliasChoices):
            choices = tuple(c for c in alias.choices if isinstance(c, str))
            upper = tuple(c for c in choices if c.isupper())
            names[field_name] = upper or tuple(c.upper() for c in choices)
        elif isinstance(alias, str):
            names[field_name] = (alias.upper(),)
        else:
            names[field_name] = (f"{prefix}{field_name}".upper(),)
    return names


def is_secret(field_name: str) -> bool:
    return any(word in field_name.lower() for word in SECRET_WORDS)
