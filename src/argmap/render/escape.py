"""Text for Graphviz: everything that reaches DOT is escaped here so that Graphviz draws it literally.

:func:`h` escapes text for HTML-like labels (``html.escape``, and backslashes doubled: Graphviz
substitutes ``\\N``, ``\\G`` … in their text too), :func:`q` makes a quoted attribute (backslashes,
quotes and ``&`` escaped: Graphviz interprets ``\\n``, ``\\l``, ``\\N`` and decodes entities in
them); characters XML cannot carry become U+FFFD (Graphviz parses HTML-like labels as XML and
writes SVG). :func:`dot_text` reads a :func:`q` string back (for the SVG tooltips that
:func:`argmap.render.graphviz.layout` writes itself); :func:`label_lines` wraps text into the lines
of an HTML-like label.
"""

from __future__ import annotations

import html
import re

from argmap.output.wrap import wrap

#: Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF; lone
#: surrogates). Graphviz parses HTML-like labels as XML and writes SVG, so they are written as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def q(value: str) -> str:
    """A DOT double-quoted string for an escString attribute (tooltip, plain label, id, name), shown
    literally: backslashes and quotes escaped (so ``\\N``, ``\\l`` stay text), ``&`` as ``&amp;``
    (Graphviz decodes HTML entities in tooltips and labels), newlines as ``\\n``, carriage returns
    dropped, and characters XML cannot carry as U+FFFD."""
    value = _xml_safe(value).replace("\r", "").replace("&", "&amp;")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def h(value: str) -> str:
    """Text escaped for a Graphviz HTML-like label, shown literally: ``html.escape`` (markup,
    entities), backslashes doubled (Graphviz substitutes ``\\N``, ``\\G`` … in the text of HTML-like
    labels too, and reads ``\\\\`` as one backslash), characters XML cannot carry as U+FFFD."""
    return html.escape(_xml_safe(value), quote=True).replace("\\", "\\\\")


def label_lines(text: str, columns: int, **font: str) -> str:
    """``text`` wrapped to ``columns`` display columns as the left-aligned lines of an HTML-like
    label, each escaped with :func:`h`; inside ``<FONT …>`` when ``font`` attributes are given
    (``point_size="9"`` is written ``POINT-SIZE="9"``)."""
    attrs = "".join(f' {k.upper().replace("_", "-")}="{v}"' for k, v in font.items())
    body = '<BR ALIGN="LEFT"/>'.join(h(line) for line in wrap(text, columns)) + '<BR ALIGN="LEFT"/>'
    return f"<FONT{attrs}>{body}</FONT>" if attrs else body


def dot_text(value: str) -> str:
    """The text of a DOT string written by :func:`q`: quotes removed, ``\\n`` (and ``\\l``, ``\\r``)
    a line break, any other escaped character itself, then HTML entities decoded."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    value = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nlr" else m.group(1), value, flags=re.S)
    return html.unescape(value)
