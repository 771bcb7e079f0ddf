"""Prometheus metrics the runtime keeps for every service (default registry, one per process)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "lodestone_http_requests_total", "HTTP requests", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "lodestone_http_request_seconds", "HTTP request latency", ["method", "route"]
)
OUTBOX_PUBLISHED = Counter("lodestone_outbox_published_total", "Events published by the relay")
OUTBOX_LAG = Gauge("lodestone_outbox_lag_events", "Stored events not yet published")
CONSUMER_LAG = Gauge(
    "lodestone_consumer_lag_records", "Records behind the partition end", ["group", "topic"]
)
DLQ_MESSAGES = Counter("lodestone_dlq_messages_total", "Records sent to a DLQ", ["topic"])
EVENTS_APPENDED = Counter("lodestone_events_appended_total", "Events appended", ["type"])
