"""Backward-compatibility check between two sets of event JSON Schemas: only additive changes pass.

Breaking: a removed event type or field, a changed type or format, a newly required field, a removed
enum value or a changed constant. New optional fields, new event types and new enum values pass.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

Schema = dict[str, Any]


def load_schema_dir(folder: Path) -> dict[str, Schema]:
    """`<type>.json` files of a folder, keyed by event type."""
    return {
        path.name.removesuffix(".json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.json"))
    }


def breaking_changes(old: Mapping[str, Schema], new: Mapping[str, Schema]) -> list[str]:
    """Every non-additive difference from `old` to `new`, one readable line each."""
    problems: list[str] = []
    for event_type in sorted(old):
        if event_type not in new:
            problems.append(f"{event_type}: event type removed")
            continue
        pair = _Pair(old[event_type], new[event_type])
        pair.compare(old[event_type], new[event_type], event_type)
        problems.extend(pair.problems)
    return problems


def _resolve(root: Schema, node: Schema) -> Schema:
    while "$ref" in node:
        ref: str = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $refs are supported, got {ref!r}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "integer" if isinstance(value, int) else "number"
    return {str: "string", type(None): "null", list: "array", dict: "object"}[type(value)]


class _Pair:
    """Walks an old and a new schema side by side, collecting breaking differences."""

    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.problems: list[str] = []

    def branches(self, root: Schema, node: Schema) -> list[Schema]:
        node = _resolve(root, node)
        alternatives = node.get("anyOf") or node.get("oneOf")
        if alternatives is None:
            return [node]
        return [branch for alt in alternatives for branch in self.branches(root, alt)]

    def kinds(self, root: Schema, node: Schema) -> frozenset[str]:
        found: set[str] = set()
        for branch in self.branches(root, node):
            declared = branch.get("type")
            if isinstance(declared, list):
                found.update(declared)
            elif isinstance(declared, str):
                found.add(declared)
            elif "const" in branch:
                found.add(_json_type(branch["const"]))
            elif "enum" in branch:
                found.update(_json_type(value) for value in branch["enum"])
        return frozenset(found)

    def compare(self, old: Schema, new: Schema, path: str) -> None:
        old_kinds, new_kinds = self.kinds(self.old_root, old), self.kinds(self.new_root, new)
        if old_kinds != new_kinds:
            self.problems.append(
                f"{path}: type changed from {sorted(old_kinds)} to {sorted(new_kinds)}"
            )
            return
        old_main = [b for b in self.branches(self.old_root, old) if b.get("type") != "null"]
        new_main = [b for b in self.branches(self.new_root, new) if b.get("type") != "null"]
        if len(old_main) == 1 and len(new_main) == 1:
            self.compare_branch(old_main[0], new_main[0], path)

    def compare_branch(self, old: Schema, new: Schema, path: str) -> None:
        if old.get("format") != new.get("format"):
            self.problems.append(f"{path}: format changed from {old.get('format')!r}")
        if "const" in old and old.get("const") != new.get("const"):
            self.problems.append(f"{path}: constant changed from {old['const']!r}")
        if "enum" in old:
            kept: list[Any] = new["enum"] if "enum" in new else old["enum"]
            removed = [value for value in old["enum"] if value not in kept]
            if removed:
                self.problems.append(f"{path}: enum value(s) removed: {removed}")
        if "properties" in old or "properties" in new:
            self.compare_object(old, new, path)
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            self.compare(old["items"], new["items"], f"{path}[]")
        if isinstance(old.get("additionalProperties"), dict) and isinstance(
            new.get("additionalProperties"), dict
        ):
            self.compare(old["additionalProperties"], new["additionalProperties"], f"{path}{{}}")

    def compare_object(self, old: Schema, new: Schema, path: str) -> None:
        old_props: Schema = old.get("properties", {})
        new_props: Schema = new.get("properties", {})
        for name, old_field in old_props.items():
            if name not in new_props:
                self.problems.append(f"{path}.{name}: field removed")
            else:
                self.compare(old_field, new_props[name], f"{path}.{name}")
        newly_required = sorted(set(new.get("required", [])) - set(old.get("required", [])))
        for name in newly_required:
            self.problems.append(f"{path}.{name}: field newly required")
