"""The `w3c` export against the Web Annotation Data Model: our own schema from the spec, and the W3C's assertions."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.test_export import desk, w3c  # noqa: F401  (desk is the fixture the tests below use)

SCHEMA = Path(__file__).resolve().parent / "data" / "w3c_annotation_collection.schema.json"
# The W3C's test assertions (w3c/web-annotation-tests), beside the project on the machine it was built on.
SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c-annotation-model"


def own_errors(document: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]


def test_the_export_meets_our_schema_from_the_spec(desk: Path) -> None:  # noqa: F811
    document = w3c(desk)
    assert document["total"] > 0
    assert own_errors(document) == []


@pytest.mark.parametrize(
    "breakage",
    [
        lambda item: item["target"]["selector"].pop(),
        lambda item: item.update(created="yesterday"),
        lambda item: item["body"][0].update(purpose="judging"),
        lambda item: item.update(id="not an iri"),
        lambda item: item["target"]["selector"][1].update(start=-1),
        lambda item: item.update(bodyValue="also"),
        lambda item: item.pop("@context"),
    ],
)
def test_our_schema_refuses_what_the_spec_forbids(desk: Path, breakage: Any) -> None:  # noqa: F811
    document = w3c(desk)
    breakage(document["first"]["items"][0])
    assert own_errors(document)


def _suite() -> Path:
    if not (SUITE / "annotations" / "annotationMusts.test").is_file():
        pytest.skip(f"the W3C annotation test assertions are not at {SUITE} (a copy of w3c/web-annotation-tests)")
    return SUITE


def _registry(suite: Path) -> Registry:
    """Every definition and assertion under its own draft-04 `id`, which is how their `$ref`s name them."""
    resources = []
    for path in [
        *suite.glob("definitions/*.json"),
        *suite.glob("annotations/**/*.json"),
        *suite.glob("collections/**/*.json"),
    ]:
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["id"], Resource.from_contents(contents, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


def _assertions(suite: Path, test: str) -> Iterator[tuple[str, dict[str, Any]]]:
    listed = json.loads((suite / test).read_text(encoding="utf-8"))["assertions"]
    assert listed
    for name in listed:
        yield name, json.loads((suite / name).read_text(encoding="utf-8"))


def failed_musts(document: dict[str, Any], test: str) -> list[str]:
    """The assertions of a W3C `.test` file that `document` fails (all are musts expecting valid)."""
    suite = _suite()
    registry = _registry(suite)
    failed = []
    for name, assertion in _assertions(suite, test):
        assert (assertion["assertionType"], assertion["expectedResult"]) == ("must", "valid")
        if not Draft4Validator(assertion, registry=registry).is_valid(document):
            failed.append(f"{name}: {assertion['errorMessage']}")
    return failed


def test_every_exported_annotation_passes_the_w3c_annotation_musts(desk: Path) -> None:  # noqa: F811
    items = w3c(desk, "--base-url", "https://checks.example")["first"]["items"]
    assert len(items) > 5
    for item in items:
        assert failed_musts(item, "annotations/annotationMusts.test") == [], item["id"]


def test_the_collection_passes_the_w3c_collection_and_page_musts(desk: Path) -> None:  # noqa: F811
    document = w3c(desk)
    assert failed_musts(document, "collections/collectionMusts.test") == []
    assert failed_musts(document, "collections/pages/pageMusts.test") == []


def test_the_w3c_musts_catch_a_broken_annotation(desk: Path) -> None:  # noqa: F811
    item = w3c(desk)["first"]["items"][0]
    for breakage, expected in [
        (lambda broken: broken.pop("target"), "annotations/3.1-targetKeyFound.json"),
        (lambda broken: broken.update(bodyValue="x"), "annotations/3.2.5-notBodyBodyValue.json"),
        (lambda broken: broken.update(type="Note"), "annotations/3.1-annotationTypeValidated.json"),
        (
            lambda broken: broken["target"]["selector"][0].pop("exact"),
            "annotations/specificResource/4.2.4-textQuoteSelectorValid.json",
        ),
    ]:
        broken = copy.deepcopy(item)
        breakage(broken)
        assert any(line.startswith(expected) for line in failed_musts(broken, "annotations/annotationMusts.test"))
