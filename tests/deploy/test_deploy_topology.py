"""Start order, health checks, topics and volumes of the Compose stack, and the durable profile."""

from __future__ import annotations

from typing import Any

import pytest
from deploy_compose import compose_config, environment_of, example_env, lodestone_services

from lodestone_contracts.topics import ALL_TOPICS, EPOCH_TOPIC, PARTITIONS


def config(ha: bool = False) -> dict[str, Any]:
    return compose_config(example_env(), ha=ha)


def brokers(cfg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: s
        for name, s in cfg["services"].items()
        if s["image"].startswith("apache/kafka:") and "KAFKA_NODE_ID" in s["environment"]
    }


@pytest.mark.parametrize("ha", [False, True], ids=["single-broker", "three-brokers"])
def test_services_start_after_a_healthy_store_broker_and_created_topics(ha: bool) -> None:
    cfg = config(ha)
    for svc in lodestone_services(cfg):
        depends = cfg["services"][svc.name]["depends_on"]
        assert depends["postgres"] == {"condition": "service_healthy"}
        assert depends["kafka"] == {"condition": "service_healthy"}
        assert depends["kafka-topics"] == {"condition": "service_completed_successfully"}
    topic_job = cfg["services"]["kafka-topics"]["depends_on"]
    assert set(topic_job) == set(brokers(cfg))
    assert all(d == {"condition": "service_healthy"} for d in topic_job.values())


@pytest.mark.parametrize("ha", [False, True], ids=["single-broker", "three-brokers"])
def test_every_long_running_container_has_a_health_check(ha: bool) -> None:
    cfg = config(ha)
    for name, service in cfg["services"].items():
        if name == "kafka-topics":
            assert service["restart"] == "no"
            continue
        check = service.get("healthcheck", {})
        assert check.get("test"), f"{name} has no health check"
        assert service["restart"] == "unless-stopped"


def test_topic_job_creates_every_contract_topic_with_eight_partitions() -> None:
    env = environment_of(config()["services"]["kafka-topics"])
    assert tuple(env["LODESTONE_TOPICS"].split()) == ALL_TOPICS
    assert env["LODESTONE_SINGLE_PARTITION_TOPICS"].split() == [EPOCH_TOPIC]
    assert int(env["LODESTONE_PARTITIONS"]) == PARTITIONS == 8
    assert int(config()["services"]["kafka"]["environment"]["KAFKA_NUM_PARTITIONS"]) == 8


def test_state_lives_in_named_volumes() -> None:
    cfg = config(ha=True)
    named = set(cfg["volumes"])
    mounts = {
        name: [v.split(":")[0] for v in s.get("volumes", []) if not v.startswith("./")]
        for name, s in cfg["services"].items()
    }
    for name in ("postgres", *brokers(cfg), *(s.name for s in lodestone_services(cfg))):
        assert mounts[name], f"{name} keeps its state in no volume"
        assert set(mounts[name]) <= named


def test_single_broker_is_the_non_durable_default() -> None:
    cfg = config()
    assert set(brokers(cfg)) == {"kafka"}
    env = cfg["services"]["kafka"]["environment"]
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"


def test_durable_profile_runs_three_brokers_rf3_min_isr2_idempotent() -> None:
    cfg = config(ha=True)
    nodes = brokers(cfg)
    assert len(nodes) == 3
    envs = [n["environment"] for n in nodes.values()]
    assert sorted(e["KAFKA_NODE_ID"] for e in envs) == ["1", "2", "3"]
    voters = {e["KAFKA_CONTROLLER_QUORUM_VOTERS"] for e in envs}
    expected = ",".join(f"{s['environment']['KAFKA_NODE_ID']}@{n}:9093" for n, s in nodes.items())
    assert voters == {expected}
    assert len({e["CLUSTER_ID"] for e in envs}) == 1
    for env in envs:
        assert env["KAFKA_DEFAULT_REPLICATION_FACTOR"] == "3"
        assert env["KAFKA_MIN_INSYNC_REPLICAS"] == "2"
        assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "3"
        assert env["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] == "2"
        assert env["KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE"] == "false"
    topic_env = environment_of(cfg["services"]["kafka-topics"])
    assert topic_env["LODESTONE_REPLICATION_FACTOR"] == "3"
    for svc in lodestone_services(cfg):
        client = environment_of(cfg["services"][svc.name])
        assert client["KAFKA_REPLICATION_FACTOR"] == "3"
        assert client["KAFKA_IDEMPOTENCE"] == "true"
        hosts = [address.split(":")[0] for address in client["KAFKA_BOOTSTRAP_SERVERS"].split(",")]
        assert sorted(hosts) == sorted(nodes)
