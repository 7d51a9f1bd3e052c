"""Annotations as a W3C Web Annotation `AnnotationCollection` (JSON-LD), and read back from one.

The collection holds one embedded `AnnotationPage` (`first`) whose `items` are the annotations.
Each annotation carries its own `@context`, so any item can be published on its own:

- `id`: `urn:claimdesk:annotation:<id>` or `<base-url>/annotations/<id>`;
- `motivation` `assessing`; `created`, `modified`; `creator`: a `Person` named after the annotator;
- `body`: the verdict as a `TextualBody` with purpose `assessing`; the note (when there is one)
  as a `TextualBody` with purpose `commenting`; each source, in order, with purpose `linking`:
  a URL as a `SpecificResource` whose `source` is that URL, anything else (a citation) as a
  `TextualBody` holding the text;
- `target`: a `SpecificResource` whose `source` is the article (file URI or configured URL), with
  a `TextQuoteSelector` {exact, prefix, suffix} and a `TextPositionSelector` {start, end}.

What the model has no place for is kept under `claimdesk:` keys (`article`, `path`,
`revisions`, and `adjudicated`, `conflicts` when set), as claimdesk records, so that
`record_of` gives back the very record that was exported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

from tui.annotations.record import (
    POSITION_SELECTOR,
    QUOTE_SELECTOR,
    Annotation,
    InvalidAnnotation,
    anchor_of,
    bad_annotator,
    validated,
)
from tui.publish.published import Links, Published, file_uri

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NAMESPACE = "claimdesk"
CONTEXT: list[Any] = [ANNO_CONTEXT, {NAMESPACE: "urn:claimdesk:vocab:"}]
ASSESSING, COMMENTING, LINKING = "assessing", "commenting", "linking"
TEXT_PLAIN = "text/plain"
# Record keys with no place in the model, kept as `claimdesk:<key>`; the optional ones only when set.
EXTENSION_KEYS = ("article", "path", "revisions")
OPTIONAL_EXTENSION_KEYS = ("adjudicated", "conflicts", "stored_at")


class NotACollection(ValueError):
    """A file that is not a claimdesk W3C export; the message says what is wrong, in one line."""


def is_url(source: str) -> bool:
    """A source that names a web resource (scheme and host, no spaces) rather than citing one in words."""
    parts = urlsplit(source)
    return parts.scheme in ("http", "https", "ftp") and bool(parts.netloc) and not any(c.isspace() for c in source)


def _text_body(value: str, purpose: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": TEXT_PLAIN}


def _source_body(source: str) -> dict[str, Any]:
    if is_url(source):
        return {"type": "SpecificResource", "purpose": LINKING, "source": source}
    return _text_body(source, LINKING)


def _key(name: str) -> str:
    return f"{NAMESPACE}:{name}"


def annotation(published: Published, links: Links) -> dict[str, Any]:
    """One W3C Web Annotation for an exported annotation."""
    record: Mapping[str, Any] = published.record
    anchor = anchor_of(record)
    body = [_text_body(record["label"], ASSESSING)]
    if record["note"]:
        body.append(_text_body(record["note"], COMMENTING))
    body.extend(_source_body(source) for source in record["sources"])
    output: dict[str, Any] = {
        "@context": CONTEXT,
        "id": links.annotation(record["id"]),
        "type": "Annotation",
        "motivation": ASSESSING,
        "created": record["created"],
        "modified": record["modified"],
        "creator": {"type": "Person", "name": record["annotator"]},
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": published.source,
            "selector": [
                {"type": QUOTE_SELECTOR, "exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix},
                {"type": POSITION_SELECTOR, "start": anchor.start, "end": anchor.end},
            ],
        },
    }
    for key in EXTENSION_KEYS:
        output[_key(key)] = record.get(key, [])
    if published.source != file_uri(record["path"]):  # a public URL: the local file is kept beside it
        output[_key("file")] = file_uri(record["path"])
    for key in OPTIONAL_EXTENSION_KEYS:
        if record.get(key):
            output[_key(key)] = record[key]
    return output


def collection(items: Sequence[Published], links: Links) -> dict[str, Any]:
    """An `AnnotationCollection` whose first (and only) page embeds every annotation."""
    page: dict[str, Any] = {
        "id": links.page(),
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": [annotation(item, links) for item in items],
    }
    output: dict[str, Any] = {
        "@context": CONTEXT,
        "id": links.collection(),
        "type": "AnnotationCollection",
        "label": "claimdesk annotations",
        "total": len(items),
    }
    if items:  # the model allows no empty page; an empty collection has none
        output["first"] = page
    return output


def dumps(document: Any) -> bytes:
    """Deterministic UTF-8 JSON: sorted keys, two-space indent, characters as they are."""
    # surrogateescape gives back the original bytes of a file name that is not UTF-8.
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode(
        "utf-8", "surrogateescape"
    )


# ----- reading back ----------------------------------------------------------------------------


def _id_of(iri: Any) -> str:
    """The claimdesk id at the end of an annotation IRI (after its last `/` or `:`)."""
    if not isinstance(iri, str):
        raise InvalidAnnotation("an annotation has no id")
    tail = unquote(iri[max(iri.rfind("/"), iri.rfind(":")) + 1 :])
    if not tail:
        raise InvalidAnnotation(f"annotation id {iri!r} does not end in a claimdesk id")
    return tail


def _bodies(item: Mapping[str, Any], where: str) -> tuple[str, str, list[str]]:
    body = item.get("body")
    if not isinstance(body, list) or not all(isinstance(part, dict) for part in body):
        raise InvalidAnnotation(f"{where}: body is not a list of objects")
    labels = [part.get("value") for part in body if part.get("purpose") == ASSESSING]
    if len(labels) != 1:
        raise InvalidAnnotation(f"{where}: has {len(labels)} bodies with purpose assessing, not one verdict")
    notes = [part.get("value") for part in body if part.get("purpose") == COMMENTING]
    if len(notes) > 1:
        raise InvalidAnnotation(f"{where}: has {len(notes)} notes (bodies with purpose commenting)")
    sources = [
        part.get("source") if part.get("type") == "SpecificResource" else part.get("value")
        for part in body
        if part.get("purpose") == LINKING
    ]
    return labels[0], notes[0] if notes else "", sources


def _selectors(item: Mapping[str, Any], where: str) -> list[dict[str, Any]]:
    target = item.get("target")
    selectors = target.get("selector") if isinstance(target, dict) else None
    if not isinstance(selectors, list) or not all(isinstance(s, dict) for s in selectors):
        raise InvalidAnnotation(f"{where}: target has no selector list")
    by_type = {selector.get("type"): selector for selector in selectors}
    if QUOTE_SELECTOR not in by_type or POSITION_SELECTOR not in by_type:
        raise InvalidAnnotation(f"{where}: target lacks its {QUOTE_SELECTOR} or {POSITION_SELECTOR}")
    quote, position = by_type[QUOTE_SELECTOR], by_type[POSITION_SELECTOR]
    return [
        {"type": QUOTE_SELECTOR, **{key: quote.get(key, "") for key in ("exact", "prefix", "suffix")}},
        {"type": POSITION_SELECTOR, "start": position.get("start"), "end": position.get("end")},
    ]


def record_of(item: Any, number: int) -> Annotation:
    """The claimdesk record a W3C annotation of our export stands for; `InvalidAnnotation` says why not."""
    where = f"annotation {number}"
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise InvalidAnnotation(f"{where} is not an object of type Annotation")
    label, note, sources = _bodies(item, where)
    selectors = _selectors(item, where)
    missing = [_key(key) for key in EXTENSION_KEYS[:2] if _key(key) not in item]
    if missing:
        raise InvalidAnnotation(f"{where} has no {' or '.join(missing)}: it is not from a claimdesk export")
    creator = item.get("creator")
    path = item.get(_key("path"))
    record: dict[str, Any] = {
        "id": _id_of(item.get("id")),
        "article": item.get(_key("article")),
        "path": path,
        "label": label,
        "note": note,
        "sources": sources,
        "annotator": creator.get("name") if isinstance(creator, dict) else None,
        "created": item.get("created"),
        "modified": item.get("modified"),
        "revisions": item.get(_key("revisions"), []),
        "target": {"source": path, "selector": selectors},
    }
    for key in OPTIONAL_EXTENSION_KEYS:
        if _key(key) in item:
            record[key] = item[_key(key)]
    try:
        checked = validated(record)
    except InvalidAnnotation as exc:
        raise InvalidAnnotation(f"{where}: {exc}") from None
    problem = bad_annotator(checked["annotator"])
    if problem:
        raise InvalidAnnotation(f"{where}: the annotator's name {problem}")
    return checked


def records_of(data: bytes) -> list[Annotation]:
    """The records of a W3C export; `NotACollection` or `InvalidAnnotation` names the first problem."""
    try:
        document = json.loads(data)
    except UnicodeDecodeError as exc:
        raise NotACollection(f"not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise NotACollection(f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise NotACollection("nested too deeply to be an export") from None
    if not isinstance(document, dict) or document.get("type") != "AnnotationCollection":
        raise NotACollection("not a W3C AnnotationCollection (claimdesk export --format w3c writes one)")
    context = document.get("@context")
    if ANNO_CONTEXT not in (context if isinstance(context, list) else [context]):
        raise NotACollection(f"its @context does not name {ANNO_CONTEXT}")
    page = document.get("first", {"items": []})
    items = page.get("items") if isinstance(page, dict) else None
    if not isinstance(items, list):
        raise NotACollection("its first page holds no list of items")
    if document.get("total", len(items)) != len(items):
        raise NotACollection(f"it says it holds {document.get('total')} annotations but its page has {len(items)}")
    return [record_of(item, number) for number, item in enumerate(items, start=1)]
