"""``argmap quote … --map MAP --claim ID``: a passage found in a source added to a claim's evidence.

:func:`evidence_fields` is the evidence entry that pins one occurrence (what ``argmap quote``
prints); :func:`add_evidence` appends it to the claim's ``evidence:`` in the map file, edited as
text (other lines, comments and layout kept; an empty ``evidence: []`` or a missing key becomes a
block list), parsed again before it is written atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from argmap.edit.yamltext import YamlEditError, append_item, compose, content_end, get, item, line_end, plain
from argmap.evidence.anchoring import pin_span
from argmap.evidence.radicals import fold_radicals
from argmap.evidence.sources import SourceText, Span, join_lines
from argmap.model.limits import DEFAULT_LIMITS, read_bounded
from argmap.output import write_atomic


def evidence_fields(text: SourceText, span: Span, source_id: str | None = None) -> dict[str, int | str]:
    """The evidence entry pinning ``text[span]``: ``quote`` (the passage as the source has it,
    ignored markers left out, line breaks joined, radical look-alikes such as ⺠ as the unified
    ideographs they stand for), ``source`` (when given), ``line``, ``start``, ``end``, ``page`` and
    ``page_end`` (when known), ``prefix`` and ``suffix``."""
    fields: dict[str, int | str] = {"quote": fold_radicals(join_lines(text.visible(span.start, span.end)))[0]}
    if source_id:
        fields["source"] = source_id
    fields.update(pin_span(text, span).as_fields())
    return fields


def add_evidence(map_path: Path, claim_id: str, fields: dict[str, Any]) -> None:
    """Append the evidence entry ``fields`` to claim ``claim_id`` of the map at ``map_path``.

    Raises
    ------
    YamlEditError
        The map is not valid YAML, has no such claim, or its evidence cannot be appended to.
    OSError
        The map cannot be read (over the size limit, not a file) or written.
    """
    raw = read_bounded(map_path, DEFAULT_LIMITS.max_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlEditError(f"{map_path} is not UTF-8 (byte offset {exc.start})") from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom):]
    root = compose(text, str(map_path))
    claims = get(root, "claims")  # type: ignore[arg-type]
    node = next((c for c in getattr(claims, "value", []) if isinstance(c, yaml.MappingNode)
                 and plain(get(c, "id")) == claim_id), None)
    if node is None:
        raise YamlEditError(f"{map_path} has no claim {claim_id!r}")
    if get(node, "evidence") is not None:
        new = append_item(text, node, "evidence", fields)
    elif node.flow_style:
        raise YamlEditError(f"claim {claim_id!r} (line {node.start_mark.line + 1}) is a flow mapping {{…}}; write it "
                            "as a block, one key per line, to add evidence")
    else:
        indent = " " * node.value[0][0].start_mark.column
        at = line_end(text, content_end(node, text))
        lead = "" if at == 0 or text[at - 1] == "\n" else "\n"
        new = text[:at] + lead + f"{indent}evidence:\n" + item(fields, indent + "  - ") + text[at:]
    compose(new, "the edited map")  # never write what does not parse
    write_atomic(map_path, (bom + new).encode("utf-8"))


__all__ = ["YamlEditError", "add_evidence", "evidence_fields"]
