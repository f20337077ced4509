"""Editing YAML as text: a value appended to a block list, a mapping written as a block, with every
other line, comment and layout of the file kept as it was (PyYAML's node marks give the places).
``argmap source add`` and ``argmap new`` write manifests and maps with these; every edited text is
parsed again (:func:`compose`) before it is written.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from argmap.load.yamlsafe import _Loader


class YamlEditError(ValueError):
    """The YAML text cannot be edited as asked (not valid YAML, not a mapping, a list in a style
    that cannot be appended to); ``str(error)`` says what to correct."""


def scalar(value: Any) -> str:
    """``value`` as a YAML scalar: plain when it is safe to, else JSON-quoted (which YAML reads)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _PLAIN.fullmatch(value) and _reads_back(value):
        return value
    return json.dumps(value, ensure_ascii=False)


#: Text that may be written unquoted: no indicator first, no ': ' or ' #', no line break, no
#: space at either end (and it must read back as itself: not a number, date, null or boolean).
_PLAIN = re.compile(r"(?![-?:,\[\]{}#&*!|>'\"%@`])[^\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]*(?<! )")


def _reads_back(value: str) -> bool:
    if not value or value[0] == " " or ": " in value or " #" in value or value.endswith(":"):
        return False
    try:
        return yaml.safe_load(value) == value
    except yaml.YAMLError:
        return False


def flow_pairs(key: str, items: list[list[Any]], indent: str, width: int = 100) -> str:
    """``key: [[a, b], …]`` wrapped at ``width`` columns (continuation lines indented deeper)."""
    cells = ["[" + ", ".join(scalar(v) for v in item) + "]" for item in items]
    lines, line = [], f"{indent}{key}: ["
    for k, cell in enumerate(cells):
        piece = cell + (", " if k + 1 < len(cells) else "]")
        if len(line) + len(piece) > width and not line.endswith("["):
            lines.append(line.rstrip())
            line = indent + "  "
        line += piece
    if not cells:
        line += "]"
    lines.append(line)
    return "\n".join(lines) + "\n"


def block(data: dict[str, Any], indent: str) -> str:
    """``data`` as a YAML block mapping at ``indent``; lists of pairs in wrapped flow style."""
    out = []
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{indent}{key}:\n" + block(value, indent + "  ") if value else f"{indent}{key}: {{}}\n")
        elif isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            out.append(flow_pairs(key, value, indent))
        elif isinstance(value, list):
            out.append(f"{indent}{key}: [" + ", ".join(scalar(v) for v in value) + "]\n")
        else:
            out.append(f"{indent}{key}: {scalar(value)}\n")
    return "".join(out)


def item(data: dict[str, Any], prefix: str) -> str:
    """``data`` as one block-sequence item whose first line starts with ``prefix`` (``"  - "``)."""
    body = block(data, " " * len(prefix))
    return prefix + body[len(prefix):]


def content_end(node: yaml.Node, text: str) -> int:
    """Offset in ``text`` (the text ``node`` was composed from) just after the last character that
    belongs to ``node`` (not the comments or blank lines a block collection's or a block scalar's
    end mark runs on to)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        while end > node.start_mark.index and text[end - 1].isspace():  # back over its blank lines
            end -= 1
    return end


def line_end(text: str, i: int) -> int:
    """Offset just after the end of the line holding offset ``i`` (``len(text)`` on the last line)."""
    j = text.find("\n", i)
    return len(text) if j == -1 else j + 1


def append_item(text: str, seq_parent: yaml.MappingNode, key: str, data: dict[str, Any]) -> str:
    """``text`` with ``data`` appended to the block sequence at ``key`` of ``seq_parent`` (made a
    block sequence when it is empty or flow style)."""
    for k, v in seq_parent.value:
        if k.value != key:
            continue
        if isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value:
            first = v.value[0]
            line_start = text.rfind("\n", 0, first.start_mark.index) + 1
            prefix = text[line_start:first.start_mark.index]
            if prefix.strip() != "-":
                raise YamlEditError(f"cannot append to '{key}:' at line {v.start_mark.line + 1}: write each item "
                                     "on its own line starting with '- '")
            at = line_end(text, content_end(v, text))
            lead = "" if at == 0 or text[at - 1] == "\n" else "\n"
            return text[:at] + lead + item(data, prefix) + text[at:]
        if isinstance(v, yaml.SequenceNode) and not v.value or isinstance(v, yaml.ScalarNode) and v.value == "":
            indent = " " * (k.start_mark.column + 2)
            a, b = k.end_mark.index, v.end_mark.index
            return text[:a] + ":\n" + item(data, indent + "- ").rstrip("\n") + text[b:]
        raise YamlEditError(f"cannot append to '{key}:' at line {v.start_mark.line + 1}: it is not a block list")
    raise YamlEditError(f"no '{key}:' list to add to")


def compose(text: str, what: str) -> yaml.Node:
    """The root node of ``text`` (``what`` names it in the error); raises :class:`YamlEditError` when
    it is not valid YAML or not a mapping."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise YamlEditError(f"{what} is not valid YAML ({exc}); correct it first") from None
    if not isinstance(root, yaml.MappingNode):
        raise YamlEditError(f"{what} is not a YAML mapping; correct it first")
    return root


def get(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    """The value node of ``key`` in ``node`` (``None`` when absent)."""
    return next((v for k, v in node.value if k.value == key), None)


def plain(node: yaml.Node | None) -> Any:
    """``node`` as plain Python data (``None`` for ``None``)."""
    return None if node is None else yaml.safe_load(yaml.serialize(node))


def insert_key(text: str, mapping: yaml.Node, key: str, value: Any) -> str:
    """``text`` with ``key: value`` added to ``mapping`` (which lacks ``key``): a new line after its
    last entry in block style, ``, key: value`` before the closing brace in flow style.

    Raises
    ------
    YamlEditError
        ``mapping`` is not a non-empty mapping.
    """
    if not isinstance(mapping, yaml.MappingNode) or not mapping.value:
        raise YamlEditError(f"cannot add '{key}:' at line {mapping.start_mark.line + 1}: not a mapping with entries")
    if mapping.flow_style:
        close = mapping.end_mark.index - 1
        while close > 0 and text[close - 1].isspace():
            close -= 1
        return text[:close] + f", {key}: {scalar(value)}" + text[close:]
    at = line_end(text, content_end(mapping, text))
    indent = " " * mapping.value[0][0].start_mark.column
    lead = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return text[:at] + lead + f"{indent}{key}: {scalar(value)}\n" + text[at:]


__all__ = ["YamlEditError", "append_item", "insert_key", "block", "compose", "content_end", "flow_pairs", "get", "item", "line_end",
           "plain", "scalar"]
