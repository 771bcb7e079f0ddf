"""The real restricted lists in the shared data folder, read once per process.

Not pure: reads files. Used only by the evaluation and benchmarks, never by the service.
"""

import csv
import os
from functools import cache
from pathlib import Path

from screening_svc.domain.entries import RestrictedList
from screening_svc.domain.lists import parse_csl, parse_ofac_sdn, parse_un_xml

# The shared data folder lies beside the repository's clone.
_BESIDE_CLONE = Path(__file__).resolve().parents[5] / "../shared/data/lists"
DATA = Path(os.environ.get("LODESTONE_LISTS_DIR", _BESIDE_CLONE)).resolve()


@cache
def sdn_list() -> RestrictedList:
    text = (DATA / "ofac_sdn_csv_2024-04-26.csv").read_text(encoding="utf-8")
    return RestrictedList("ofac-sdn", "OFAC SDN", tuple(parse_ofac_sdn(text)))


@cache
def un_list() -> RestrictedList:
    data = (DATA / "un_consolidated_2026-02-27.xml").read_bytes()
    return RestrictedList("un", "UN consolidated", tuple(parse_un_xml(data)))


@cache
def csl_list() -> RestrictedList:
    text = (DATA / "csl_sample_2019-12-03.csv").read_text(encoding="utf-8")
    return RestrictedList("csl", "US CSL sample", tuple(parse_csl(text)))


@cache
def bis_names() -> tuple[str, ...]:
    """Names on the BIS lists (a different list, for negatives), one per row, in file order."""
    with (DATA / "bis_export_lists_2022-05-05.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        names = (" ".join((row.get("full_name") or "").split()) for row in rows)
        return tuple(dict.fromkeys(name for name in names if name))
