#!/usr/bin/env bash
# Creates every Lodestone topic before the services start; idempotent (--if-not-exists), so
# re-running it on an existing cluster changes nothing.
set -euo pipefail

topics_cli=/opt/kafka/bin/kafka-topics.sh
bootstrap="${LODESTONE_BOOTSTRAP:?}"
partitions="${LODESTONE_PARTITIONS:?}"
replication="${LODESTONE_REPLICATION_FACTOR:?}"

create() {
  local topic="$1" count="$2"
  shift 2
  # Retried: right after start-up a broker may still be joining (replication factor > brokers).
  for attempt in $(seq 1 30); do
    if "$topics_cli" --bootstrap-server "$bootstrap" --create --if-not-exists \
      --topic "$topic" --partitions "$count" --replication-factor "$replication" "$@"; then
      return 0
    fi
    echo "create $topic failed (attempt $attempt), retrying" >&2
    sleep 2
  done
  return 1
}

for topic in $LODESTONE_TOPICS; do
  create "$topic" "$partitions"
  create "$topic.dlq" "$partitions"
done
# The broker-epoch topic keeps its first record forever (amnesia detection).
for topic in $LODESTONE_SINGLE_PARTITION_TOPICS; do
  create "$topic" 1 --config retention.ms=-1
done
"$topics_cli" --bootstrap-server "$bootstrap" --describe --topics-with-overrides
