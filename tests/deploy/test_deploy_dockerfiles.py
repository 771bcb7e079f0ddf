"""Each service image: multi-stage, exactly pinned slim base, pinned deps, non-root, only its
own code plus the shared packages, and a build context (.dockerignore) that sends nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from deploy_compose import ROOT

SERVICES = sorted(p.parent.name for p in (ROOT / "services").glob("*/Dockerfile"))
PYTHON_BASE = re.compile(r"^python:3\.11\.\d+-slim(-[a-z]+)?$")
EXACT_TAG = re.compile(r"^[a-z0-9./_-]+:\d+\.\d+\.\d+[a-z0-9.-]*$")
SHARED = {"contracts/", "libs/runtime/"}


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str


def instructions(path: Path) -> list[Instruction]:
    """The Dockerfile's instructions, continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", path.read_text())
    found = []
    for line in joined.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, args = stripped.partition(" ")
            found.append(Instruction(keyword.upper(), " ".join(args.split())))
    return found


def stages(path: Path) -> list[list[Instruction]]:
    result: list[list[Instruction]] = []
    for instruction in instructions(path):
        if instruction.keyword == "FROM":
            result.append([])
        if result:
            result[-1].append(instruction)
    return result


def dockerfile(service: str) -> Path:
    return ROOT / "services" / service / "Dockerfile"


def test_every_service_has_a_dockerfile() -> None:
    assert SERVICES == ["audit-svc", "license-svc", "screening-svc"]


@pytest.mark.parametrize("service", SERVICES)
def test_image_is_multi_stage_on_an_exactly_pinned_slim_python(service: str) -> None:
    all_stages = stages(dockerfile(service))
    assert len(all_stages) >= 2, "multi-stage: a build stage and a runtime stage"
    names = set()
    for stage in all_stages:
        image, _, alias = stage[0].args.partition(" AS ")
        if image not in names:
            assert EXACT_TAG.match(image), f"{image} is not an exact version tag"
            assert PYTHON_BASE.match(image), f"{image} is not python:3.11.x-slim"
        names.add(alias.strip())
    assert all("latest" not in s[0].args for s in all_stages)


@pytest.mark.parametrize("service", SERVICES)
def test_final_stage_runs_as_a_non_root_user(service: str) -> None:
    final = stages(dockerfile(service))[-1]
    users = [i.args for i in final if i.keyword == "USER"]
    assert users, "the runtime stage sets no USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    keywords = [i.keyword for i in final]
    assert keywords.index("USER") < keywords.index("CMD")


@pytest.mark.parametrize("service", SERVICES)
def test_dependencies_come_from_the_pinned_requirements(service: str) -> None:
    runs = " ".join(i.args for i in instructions(dockerfile(service)) if i.keyword == "RUN")
    assert "pip install -r requirements.txt" in runs
    assert "--no-deps" in runs, "local packages must not pull unpinned dependencies"
    for pin in re.findall(r"\b[a-z0-9_.-]+==[0-9][^\s]*", runs):
        assert re.match(r"^[a-z0-9_.-]+==\d+(\.\d+)+$", pin)


@pytest.mark.parametrize("service", SERVICES)
def test_image_copies_only_its_service_and_the_shared_packages(service: str) -> None:
    copies = copy_sources(dockerfile(service))
    assert copies == {"requirements.txt", *SHARED, f"services/{service}/"}
    cmd = next(i.args for i in instructions(dockerfile(service)) if i.keyword == "CMD")
    assert cmd == f'["python", "-m", "{service.replace("-", "_")}"]'


def copy_sources(path: Path) -> set[str]:
    sources = set()
    for instruction in instructions(path):
        if instruction.keyword == "COPY" and "--from=" not in instruction.args:
            sources.update(instruction.args.split()[:-1])
    return sources


def test_build_context_sends_only_what_the_images_copy() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*", "exclude everything, then re-include"
    included = {p[1:].rstrip("/") for p in patterns if p.startswith("!")}
    needed = {s.rstrip("/") for svc in SERVICES for s in copy_sources(dockerfile(svc))}
    assert included == needed
    for private in ("**/.env", "**/.data", "**/*.egg-info", "**/tests"):
        assert private in patterns
