"""Compose environments against the services' live settings classes: nothing missing, no secret
defaulted, no stray variable, and the values the containers get are the ones they need."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from deploy_compose import (
    BASE_FILE,
    DEPLOY,
    ENV_EXAMPLE,
    HA_FILE,
    LodestoneService,
    MissingVariableError,
    compose_config,
    env_names,
    environment_of,
    example_env,
    is_secret,
    load_yaml,
    lodestone_services,
    parse_env_file,
    variable_references,
)
from pydantic import TypeAdapter
from pydantic_settings import BaseSettings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def single_broker() -> dict[str, Any]:
    return compose_config(example_env())


def raw_service(name: str) -> dict[str, Any]:
    """A service as written, before interpolation."""
    service: dict[str, Any] = load_yaml(BASE_FILE)["services"][name]
    return service


def services() -> list[LodestoneService]:
    return lodestone_services(single_broker())


def settings_in_container(
    svc: LodestoneService, config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> BaseSettings:
    """The settings object the container builds from exactly its Compose environment."""
    for names in env_names(svc.settings).values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    for key, value in environment_of(config["services"][svc.name]).items():
        monkeypatch.setenv(key, value)
    return svc.settings()


def test_the_three_services_are_built_from_their_dockerfiles() -> None:
    built = {s.directory for s in services()}
    assert built == {"screening-svc", "license-svc", "audit-svc"}
    assert {p.parent.name for p in (DEPLOY.parent / "services").glob("*/Dockerfile")} == built


@pytest.mark.parametrize("svc", services(), ids=lambda s: s.name)
def test_every_setting_is_set_in_compose_or_safely_defaulted(svc: LodestoneService) -> None:
    environment = environment_of(single_broker()["services"][svc.name])
    for field_name, names in env_names(svc.settings).items():
        if any(n in environment for n in names):
            continue
        field = svc.settings.model_fields[field_name]
        where = f"{svc.name}: {field_name} ({' or '.join(names)}) is not set in docker-compose.yml"
        assert not field.is_required(), f"{where} and has no default"
        assert not is_secret(field_name), f"{where}; a secret must be set there"
        assert field_name != "database_url", f"{where}; the containers use PostgreSQL"
        assert not any(h in str(field.default) for h in LOOPBACK), f"{where}; default is loopback"


@pytest.mark.parametrize("svc", services(), ids=lambda s: s.name)
def test_compose_sets_no_variable_that_no_setting_reads(svc: LodestoneService) -> None:
    known = {n for names in env_names(svc.settings).values() for n in names}
    environment = environment_of(single_broker()["services"][svc.name])
    assert set(environment) - known == set()


@pytest.mark.parametrize("svc", services(), ids=lambda s: s.name)
def test_secrets_must_be_provided_and_have_no_default(svc: LodestoneService) -> None:
    raw_env = environment_of(raw_service(svc.name))
    secrets = [
        name
        for field_name, names in env_names(svc.settings).items()
        if is_secret(field_name)
        for name in names
        if name in raw_env
    ]
    assert secrets, f"{svc.name} reads no secret at all?"
    for name in secrets:
        assert raw_env[name].startswith(f"${{{name}:?"), f"{name} must be ${{{name}:?...}}"
        with pytest.raises(MissingVariableError, match=name):
            compose_config(example_env(**{name: ""}))


def test_no_variable_reference_in_any_compose_file_defaults_a_secret() -> None:
    for path in (BASE_FILE, HA_FILE):
        for name, op, _arg in variable_references(path.read_text()):
            if is_secret(name):
                assert op == ":?", f"{path.name}: ${{{name}}} must use :? (required, no default)"


@pytest.mark.parametrize("ha", [False, True], ids=["single-broker", "three-brokers"])
@pytest.mark.parametrize("svc", services(), ids=lambda s: s.name)
def test_each_container_gets_settings_that_work_inside_compose(
    svc: LodestoneService, ha: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = compose_config(example_env(), ha=ha)
    settings: Any = settings_in_container(svc, config, monkeypatch)
    assert settings.host == "0.0.0.0"
    assert settings.auth_secret == example_env()["AUTH_SECRET"]
    brokers = [address.split(":")[0] for address in settings.kafka_bootstrap.split(",")]
    assert all(config["services"][b]["image"].startswith("apache/kafka:") for b in brokers)
    assert settings.kafka_idempotence is True
    database = urlsplit(settings.database_url)
    assert (database.scheme, database.hostname) == ("postgresql", "postgres")
    assert database.password == example_env()["POSTGRES_PASSWORD"]
    created = (DEPLOY / "postgres" / "create-databases.sql").read_text()
    assert f"CREATE DATABASE {database.path.lstrip('/')};" in created


@pytest.mark.parametrize("svc", services(), ids=lambda s: s.name)
def test_container_port_health_check_and_published_port_agree(
    svc: LodestoneService, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = single_broker()
    settings: Any = settings_in_container(svc, config, monkeypatch)
    service = config["services"][svc.name]
    assert [p.rsplit(":", 1)[1] for p in service["ports"]] == [str(settings.port)]
    assert service["ports"][0].startswith("127.0.0.1:"), "published on loopback by default"
    assert f"http://127.0.0.1:{settings.port}/readyz" in " ".join(service["healthcheck"]["test"])
    dockerfile = (DEPLOY.parent / "services" / svc.directory / "Dockerfile").read_text()
    assert f"EXPOSE {settings.port}" in dockerfile


@pytest.mark.parametrize("svc", services(), ids=lambda s: s.name)
def test_compose_defaults_equal_the_settings_defaults(svc: LodestoneService) -> None:
    raw_env = environment_of(raw_service(svc.name))
    for field_name, names in env_names(svc.settings).items():
        field = svc.settings.model_fields[field_name]
        assert field.annotation is not None
        adapter: TypeAdapter[Any] = TypeAdapter(field.annotation)
        for name in names:
            for var, op, arg in variable_references(raw_env.get(name, "")):
                if op == ":-":
                    in_compose = adapter.validate_strings(arg)
                    assert in_compose == field.default, f"{name}: ${{{var}:-{arg}}} != code default"


def test_env_example_names_every_setting_and_holds_no_secret_value() -> None:
    text = ENV_EXAMPLE.read_text()
    values = parse_env_file(text)
    for svc in services():
        for field_name, names in env_names(svc.settings).items():
            assert any(n in text for n in names), f"{names} not described in .env.example"
            for name in names:
                if is_secret(field_name) and name in values:
                    assert values[name] == "", f"{name} has a value in .env.example"
    for name, op, _arg in variable_references(BASE_FILE.read_text()):
        assert name in values or op == ":-", f"${{{name}}} is not in .env.example"
