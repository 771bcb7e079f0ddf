"""The Compose files validate against the vendored Compose Specification schema (offline)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from deploy_compose import (
    BASE_FILE,
    HA_FILE,
    SCHEMA_FILE,
    compose_config,
    example_env,
    load_yaml,
)
from jsonschema import Draft201909Validator
from jsonschema.exceptions import ValidationError

PINNED_TAG = re.compile(r"^[a-z0-9./_-]+:\d+\.\d+(\.\d+)?(-[a-z0-9.-]+)?$")


def compose_validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA_FILE.read_text())
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema)


def errors_of(document: dict[str, Any]) -> list[str]:
    return [
        f"{list(e.absolute_path)}: {e.message}" for e in compose_validator().iter_errors(document)
    ]


@pytest.mark.parametrize("path", [BASE_FILE, HA_FILE], ids=["base", "ha-override"])
def test_compose_file_as_written_validates_against_the_compose_spec(path: Path) -> None:
    assert errors_of(load_yaml(path)) == []


@pytest.mark.parametrize("ha", [False, True], ids=["single-broker", "three-brokers"])
def test_effective_configuration_with_the_example_env_validates(ha: bool) -> None:
    assert errors_of(compose_config(example_env(), ha=ha)) == []


def test_schema_rejects_a_misspelt_service_key() -> None:
    document = load_yaml(BASE_FILE)
    document["services"]["audit-svc"]["healthcheks"] = {"test": ["CMD", "true"]}
    with pytest.raises(ValidationError):
        compose_validator().validate(document)


def test_every_pulled_image_is_pinned_to_an_exact_version() -> None:
    config = compose_config(example_env(), ha=True)
    pulled = {s["image"] for s in config["services"].values() if "build" not in s}
    assert pulled, "no pulled images found"
    for image in pulled:
        assert PINNED_TAG.match(image), f"{image} is not pinned to an exact version tag"
        assert "latest" not in image
    assert {i.split(":")[0] for i in pulled} == {"apache/kafka", "postgres"}


def test_one_kafka_image_version_serves_every_broker_and_the_topic_job() -> None:
    config = compose_config(example_env(), ha=True)
    kafka_images = {s["image"] for s in config["services"].values() if "kafka" in s["image"]}
    assert len(kafka_images) == 1
