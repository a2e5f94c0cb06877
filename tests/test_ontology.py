"""The CAMEO/PLOVER tables: rows checked against the reference files, class rules, API."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.ontology import (
    cameo_codes,
    cameo_info,
    is_valid_cameo,
    plover_score,
    plover_scores,
    plover_types,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or REPO / ".." / "shared" / "data")
REFERENCE = SHARED / "reference"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/data not available")


def test_example_from_the_brief():
    info = cameo_info("1041")
    assert info.code == "1041"
    assert info.name == "Demand change in leadership"
    assert (info.root, info.goldstein, info.quad_class, info.penta_class) == ("10", -5.0, 3, 3)
    assert (info.plover_type, info.plover_mode, info.contexts) == ("REQUEST", "change", ("executive",))


@pytest.mark.parametrize("code", ["999", "41", "", "0811i", "10411", None, 41])
def test_unknown_codes_raise_keyerror(code):
    assert not is_valid_cameo(code)
    with pytest.raises(KeyError):
        cameo_info(code)


@pytest.mark.parametrize(
    "root, quad, penta",
    [("01", 1, 0), ("02", 1, 0), ("03", 1, 1), ("05", 1, 1), ("06", 2, 2), ("08", 2, 2),
     ("09", 3, 3), ("13", 3, 3), ("14", 4, 4), ("15", 4, 4), ("16", 4, 3), ("17", 4, 4), ("20", 4, 4)],
)
def test_class_rules(root, quad, penta):
    codes = [c for c in cameo_codes() if c.startswith(root)]
    assert codes
    for code in codes:
        info = cameo_info(code)
        assert (info.root, info.quad_class, info.penta_class) == (root, quad, penta), code


def test_mapping_quirks_are_handled():
    assert cameo_info("191").plover_type == "COERCE"  # listed under 17: COERCE
    assert cameo_info("191").root == "19"  # root comes from the code, not the heading
    assert cameo_info("201").plover_type == "ASSAULT"
    assert cameo_info("0813").contexts == ("legal",)  # "21.09.17" comment stripped
    assert cameo_info("1322").plover_mode == "ban"  # stray space stripped
    assert cameo_info("094").contexts == ("military", "legal")
    assert cameo_info("018").name == "Make empathetic comment"  # typo'd duplicate replaced


def test_01_02_hand_made_mapping():
    # statements have no PLOVER type; a denial (016) is a REJECT, as the PLOVER manual allows
    assert all(cameo_info(c).plover_type is None for c in cameo_codes() if c.startswith("01") and c != "016")
    assert cameo_info("016").plover_type == "REJECT"
    assert cameo_info("020").plover_mode is None
    assert {cameo_info(c).plover_mode for c in ("021", "0211", "022", "023", "0234")} == {"assist"}
    assert {cameo_info(c).plover_mode for c in ("024", "0241", "0244")} == {"change"}
    assert {cameo_info(c).plover_mode for c in ("025", "0251", "0256")} == {"yield"}
    assert {cameo_info(c).plover_mode for c in ("026", "027", "028")} == {"meet"}
    assert all(cameo_info(c).plover_type == "REQUEST" for c in cameo_codes() if c.startswith("02"))


def test_every_code_maps_to_a_known_plover_type_and_scored_mode():
    types = set(plover_types())
    for code in cameo_codes():
        info = cameo_info(code)
        assert info.plover_type is None or info.plover_type in types, code
        assert -10.0 <= info.goldstein <= 10.0


def test_plover_scores():
    assert len(plover_types()) == 16
    assert plover_types()[0] == "AGREE" and plover_types()[-1] == "ASSAULT"
    assert plover_score("ASSAULT", "aerial") == -9.5
    assert plover_score("ASSAULT", "Aerial") == -9.5
    assert plover_score("REQUEST", "no-such-mode") == 0.0
    assert plover_scores()[("RETREAT", None)] == 6.5
    with pytest.raises(KeyError):
        plover_score("DANCE")


def _reference_rows(name):
    return (REFERENCE / name).read_text(encoding="utf-8").splitlines()


@needs_reference
@pytest.mark.parametrize("code", ["010", "0211", "036", "041", "112", "1382", "139", "195", "2042"])
def test_names_and_goldstein_match_reference(code):
    names = {}
    for line in _reference_rows("CAMEO_codefile.txt"):
        m = re.match(r"LABEL:\s*(\d+)=\s*(.+)", line)
        if m:
            names[m[1]] = m[2].strip()
    goldstein = dict(line.split("\t") for line in _reference_rows("CAMEO.goldsteinscale.tsv")[1:])
    info = cameo_info(code)
    assert info.name == names[code]
    assert info.goldstein == float(goldstein[code])


@needs_reference
@pytest.mark.parametrize("code", ["041", "1041", "112", "1121", "138", "139", "164", "183", "195"])
def test_plover_matches_reference(code):
    line = next(row for row in _reference_rows("CAMEO2PLOVER-2021.txt") if row.startswith(code + ":"))
    ptype, mode, contexts = (f.strip() for f in line.split(":", 1)[1].split("#")[0].split(","))
    info = cameo_info(code)
    assert info.plover_type == ptype
    assert info.plover_mode == (mode or None)
    assert info.contexts == tuple(c.strip() for c in contexts.split(";") if c.strip())


@needs_reference
def test_goldstein_falls_back_to_parent():
    goldstein = dict(line.split("\t") for line in _reference_rows("CAMEO.goldsteinscale.tsv")[1:])
    assert "1951" not in goldstein and "1213" not in goldstein
    assert cameo_info("1951").goldstein == float(goldstein["195"])
    assert cameo_info("1213").goldstein == float(goldstein["121"])


@needs_reference
def test_build_is_deterministic_and_matches_shipped_data(tmp_path):
    data = REPO / "src" / "eventwire" / "ontology" / "data"
    env = dict(os.environ, EVENTWIRE_SHARED_DATA=str(SHARED))
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_ontology.py"), "--out", str(tmp_path)],
                   check=True, env=env, capture_output=True)
    for name in ("cameo.tsv", "plover_scores.tsv"):
        assert (tmp_path / name).read_bytes() == (data / name).read_bytes(), name


@needs_reference
@pytest.mark.parametrize("code,plover,mode,words", [
    ("163", "SANCTION", "discontinue", "International (political or economic) sanctions are coded as `discontinue'"),
    ("116", "SANCTION", "convict", "Find an entity or behavior guilty"),
])
def test_the_manual_types_a_code_the_crosswalk_types_otherwise(code, plover, mode, words):
    crosswalk = next(row for row in _reference_rows("CAMEO2PLOVER-2021.txt") if row.startswith(code + ":"))
    assert crosswalk.split(":", 1)[1].split(",")[0].strip() != plover  # the two references differ here
    assert words in " ".join(_reference_rows("PLOVER_MANUAL.tex"))  # and the manual says so
    assert (cameo_info(code).plover_type, cameo_info(code).plover_mode) == (plover, mode)


@pytest.mark.parametrize(("kind", "plover_type"), [("refusal", "REJECT"), ("intent", "AGREE"), ("threat", "THREATEN")])
def test_a_declared_act_is_coded_as_its_declaration(kind, plover_type):
    """Each table of events/declared.py maps CAMEO codes to codes of the declaration's PLOVER type."""
    import json
    from importlib import resources

    from eventwire.events.declared import KINDS

    name = KINDS[kind][0]
    table = json.loads(resources.files("eventwire.events").joinpath("data", name).read_text("utf-8"))
    pairs = [(key, value) for key, value in table.items() if not key.startswith("_")]
    assert pairs
    for key, value in pairs:
        assert is_valid_cameo(key) and is_valid_cameo(value), (name, key, value)
        assert cameo_info(value).plover_type == plover_type, (name, key, value)
