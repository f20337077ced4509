"""How claims and quotes look in every diagram: colours, the claim node's label and tooltip, quote
nodes, and the legend that explains them.

The thesis is blue with a heavy border; attributed claims are violet with their author on a header
line; implicit premises are grey and dashed; unsupported claims have an orange border and the mark
「⚠ 無證據」. A claim's fidelity to its text (docs/encoding.md) is named on its header line and drawn
in its border: a quotation has a double border, an interpretation a dotted one, a reconstruction
(an implicit premise) a dashed one; paraphrases and summaries keep the plain border. Every claim
node carries a tooltip with its text, English gloss, fidelity and all its quotes.
"""

from __future__ import annotations

from argmap.evidence.sources import SourceText
from argmap.load.corpus import SourceCache
from argmap.model import INTERPRETATION, QUOTATION, Claim, Evidence, Map
from argmap.output.places import quote_location
from argmap.render.escape import h, label_lines, q
from argmap.render.options import RenderOptions

FONT = "Noto Sans CJK TC"
SUPPORT_COLOUR = "#2e7d32"
ATTACK_COLOUR = "#c62828"
FOCUS_COLOUR = "#b91c1c"
EVIDENCE_FILL = "#fffbeb"
EVIDENCE_BORDER = "#a8a29e"
EVIDENCE_EDGE_COLOUR = "#9e9e9e"
#: Claim nodes: (fill, border) of a plain claim, the thesis, an attributed claim and an implicit
#: premise; the border of an unsupported claim.
CLAIM_COLOURS = ("#ffffff", "#555555")
THESIS_COLOURS = ("#dbeafe", "#1e3a8a")
ATTRIBUTED_COLOURS = ("#f3e8ff", "#6b21a8")
IMPLICIT_COLOURS = ("#f5f5f5", "#777777")
UNSUPPORTED_BORDER = "#d97706"
#: A claim's fidelity to its text (docs/encoding.md) as readers see it: Chinese and English word.
FIDELITY_WORDS = {"quotation": "引語 quotation", "paraphrase": "轉述 paraphrase", "summary": "撮要 summary",
                  "interpretation": "詮釋 interpretation", "reconstruction": "重構 reconstruction"}
#: Marks of the evaluation (docs/evaluation.md): label -> (colour, mark shown on the node).
LABEL_MARKS = {"in": ("#15803d", "● 成立 in"), "out": ("#b91c1c", "× 不成立 out"), "undec": ("#b45309", "？ 未定 undec")}
OUT_TEXT = "#6b7280"


def claim_style(c: Claim, unsupported: bool, focus: bool = False, label: str | None = None) -> dict[str, str]:
    """The DOT attributes that style claim ``c``'s node, the same in every diagram (single map and
    comparison), on top of the graph's node defaults (a white rounded box with a grey border):

    * the thesis: blue fill, dark blue border of width 2.2;
    * a claim attributed to another author (``asserted_by``): violet fill and border;
    * an implicit premise: grey fill, dashed grey border;
    * fidelity ``quotation``: a double border (``peripheries=2``); ``interpretation``: a dotted
      border (a reconstruction is an implicit premise, already dashed);
    * ``unsupported`` (no quote and no supporting inference): an orange border of width 2.5;
    * ``focus`` (the claim a focus view is centred on): a red border of width 3.5;
    * ``label`` ``"out"`` (the claim is defeated, docs/evaluation.md): its text grey.

    Returns the attributes as ``name -> DOT value`` (values already quoted where DOT needs it)."""
    attrs: dict[str, str] = {}
    if c.is_thesis:
        attrs.update(fillcolor=q(THESIS_COLOURS[0]), color=q(THESIS_COLOURS[1]), penwidth="2.2")
    elif c.asserted_by is not None:
        attrs.update(fillcolor=q(ATTRIBUTED_COLOURS[0]), color=q(ATTRIBUTED_COLOURS[1]))
    elif c.is_implicit:
        attrs.update(fillcolor=q(IMPLICIT_COLOURS[0]), style=q("rounded,filled,dashed"), color=q(IMPLICIT_COLOURS[1]))
    if c.fidelity == QUOTATION:
        attrs.update(peripheries="2")
    elif c.fidelity == INTERPRETATION and not c.is_implicit:
        attrs.update(style=q("rounded,filled,dotted"))
    if unsupported:
        attrs.update(color=q(UNSUPPORTED_BORDER), penwidth="2.5")
    if focus:
        attrs.update(color=q(FOCUS_COLOUR), penwidth="3.5")
    if label == "out":
        attrs.update(fontcolor=q(OUT_TEXT))
    return attrs


def _role_word(c: Claim) -> str:
    return {"thesis": "論旨 thesis", "implicit-premise": "隱含前提 implicit"}.get(c.role, "")


def claim_label(c: Claim, opts: RenderOptions, unsupported: bool, hidden: int = 0, label: str | None = None) -> str:
    """The HTML-like label of a claim node (without the enclosing ``<`` ``>``).

    Parameters
    ----------
    c : Claim
        The claim drawn.
    opts : RenderOptions
        Language and wrap width.
    unsupported : bool
        Add the mark 「⚠ 無證據 unsupported」.
    hidden : int
        Number of neighbouring claims not drawn (focus view); when > 0 the header ends with
        ``⋯ +hidden`` so that a reader knows the map continues there.
    label : str or None
        The claim's evaluation label (``in``, ``out``, ``undec``): its mark (:data:`LABEL_MARKS`)
        ends the header.

    Returns
    -------
    str
        The label; every text from the map is escaped with :func:`h`.
    """
    head = [f"<B>{h(c.id)}</B>"]
    if _role_word(c):
        head.append(f"<I>{_role_word(c)}</I>")
    if c.evidence:
        head.append(f'<FONT COLOR="#555555">引文 {len(c.evidence)}</FONT>')
    if c.fidelity in FIDELITY_WORDS and not c.is_implicit:  # (an implicit premise says so already)
        head.append(f'<FONT COLOR="#555555">{FIDELITY_WORDS[c.fidelity]}</FONT>')
    if unsupported:
        head.append('<FONT COLOR="#b45309"><B>⚠ 無證據 unsupported</B></FONT>')
    if hidden:
        head.append(f'<FONT COLOR="{FOCUS_COLOUR}"><B>⋯ +{hidden}</B></FONT>')
    if label in LABEL_MARKS:
        colour, mark = LABEL_MARKS[label]
        head.append(f'<FONT COLOR="{colour}"><B>{mark}</B></FONT>')
    parts = ["  ".join(head) + '<BR ALIGN="LEFT"/>']
    if c.asserted_by is not None:
        parts.append(label_lines(f"〔{c.asserted_by.label()} 主張 asserts〕", opts.columns, color=ATTRIBUTED_COLOURS[1]))
    if opts.lang in ("zh", "both"):
        parts.append(label_lines(c.text, opts.columns))
    if opts.lang in ("en", "both"):
        parts.append(label_lines(c.gloss, opts.columns + 10, point_size="10" if opts.lang == "both" else "11",
                            color="#333333" if opts.lang == "both" else "#000000"))
    return "".join(parts)


def _quote_line(e: Evidence, m: Map, sources: SourceCache | None) -> int | None:
    """The line of a quote: the evidence's own ``line``, else the line of its first occurrence in
    the source text when ``sources`` can read it (``None`` if unknown)."""
    src = m.source_of(e)
    line = e.line
    if src is not None and sources is not None and line is None:
        text = sources.get(src)
        if isinstance(text, SourceText):
            spans = text.find_all(e.quote, limit=1)
            line = spans[0].line if spans else None
    return line


def quote_place(e: Evidence, m: Map, sources: SourceCache | None = None) -> str:
    """Where a quote is, for display (:func:`argmap.output.places.quote_location`: ``file:line, p. N``),
    with the line looked up in the source when the evidence gives none."""
    return quote_location(m, e, line=_quote_line(e, m, sources))


def claim_tooltip(c: Claim, m: Map, sources: SourceCache | None) -> str:
    """Plain text shown on hover: id, text, gloss, attribution and every quote with its place."""
    out = [f"{c.id}: {c.text}", c.gloss]
    if c.asserted_by is not None:
        a = c.asserted_by
        out.append(f"asserted by {a.label()}" + (f", {a.work}" if a.work else ""))
    if c.fidelity:
        out.append(f"fidelity: {FIDELITY_WORDS.get(c.fidelity, c.fidelity)}" + (f" — {c.note}" if c.note and c.fidelity == INTERPRETATION else ""))
    if c.justification:
        out.append(f"implicit: {c.justification}")
    for e in c.evidence:
        out.append(f"「{e.quote}」 — {quote_place(e, m, sources)}")
    return "\n".join(out)


def evidence_label(e: Evidence, place: str, columns: int) -> str:
    """The HTML-like label of a quote node (without ``<`` ``>``): 「quote」 wrapped to ``columns``
    display columns in a small font, then ``place`` (see :func:`quote_place`) on a line of its own.
    All text is escaped with :func:`h`."""
    return (label_lines(f"「{e.quote}」", columns, point_size="9")
            + f'<FONT POINT-SIZE="8" COLOR="#666666">{h(place)}</FONT><BR ALIGN="LEFT"/>')


def legend(evidence: bool = False, focus: bool = False, evaluation: str | None = None) -> str:
    """The legend table (HTML-like, without ``<`` ``>``): the claim styles (fidelity included),
    quotes and focus when drawn, support and attack, and, with ``evaluation`` (the semantics' name),
    the marks of the labels."""
    def swatch(fill: str, border: str, text: str, dashed: bool = False, style: str = "") -> str:
        style = ' STYLE="dashed"' if dashed else (f' STYLE="{style}"' if style else "")
        return (f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1"{style}>'
                f'<FONT POINT-SIZE="9">{text}</FONT></TD>')

    extra = ""
    if evidence:
        extra += swatch(EVIDENCE_FILL, EVIDENCE_BORDER, "「引文」 quote ┈ file:line")
    if focus:
        extra += swatch("#ffffff", FOCUS_COLOUR, f'焦點 focus  <FONT COLOR="{FOCUS_COLOUR}">⋯ +n</FONT> 未繪 not drawn')
    return ('<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="3"><TR>'
            + swatch(*THESIS_COLOURS, "論旨 thesis")
            + swatch(*CLAIM_COLOURS, "主張 claim")
            + swatch(*ATTRIBUTED_COLOURS, "他人主張 attributed")
            + swatch(*IMPLICIT_COLOURS, "隱含前提 implicit", dashed=True)
            + swatch(CLAIM_COLOURS[0], UNSUPPORTED_BORDER, "⚠ 無證據 unsupported")
            + f'<TD BORDER="3" COLOR="{CLAIM_COLOURS[1]}"><FONT POINT-SIZE="9">{FIDELITY_WORDS["quotation"]} ═</FONT></TD>'
            + swatch(*CLAIM_COLOURS, f'{FIDELITY_WORDS["interpretation"]} ┈', style="dotted")
            + extra
            + f'<TD><FONT POINT-SIZE="9" COLOR="{SUPPORT_COLOUR}">━━▶ 支持 support</FONT></TD>'
            + f'<TD><FONT POINT-SIZE="9" COLOR="{ATTACK_COLOUR}">╍╍┫ 攻擊 attack (rebuttal / undercut → ●)</FONT></TD>'
            + "</TR>" + (_label_row(evaluation) if evaluation else "") + "</TABLE>")


def _label_row(evaluation: str) -> str:
    marks = "".join(f'<TD><FONT POINT-SIZE="9" COLOR="{colour}"><B>{mark}</B></FONT></TD>'
                    for colour, mark in LABEL_MARKS.values())
    return (f'<TR><TD COLSPAN="3"><FONT POINT-SIZE="9">評估 evaluation ({h(evaluation)}, 本圖單獨 this map alone):'
            f'</FONT></TD>{marks}<TD COLSPAN="4"><FONT POINT-SIZE="9" COLOR="{OUT_TEXT}">'
            f'┈┈ 失效的支持 support that does not hold</FONT></TD></TR>')

