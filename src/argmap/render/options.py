"""What a map diagram draws: :class:`RenderOptions` (language, wrap width, direction, legend, quote
nodes, focus, clusters), shared by the single-map and the comparison diagram."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en", "both"]
ClusterBy = Literal["none", "section", "author"]
CLUSTER_CHOICES: tuple[str, ...] = ("none", "section", "author")

@dataclass(frozen=True)
class RenderOptions:
    """How to draw a map.

    With every field at its default the diagram is the whole map, quotes only in tooltips, no
    clusters, with the legend.

    Attributes
    ----------
    lang : {"zh", "en", "both"}
        Label text: the paraphrase in the source language, the English gloss, or both.
    columns : int
        Wrap width of claim text (and of quotes) in display columns (a CJK character is 2).
    rankdir : {"TB", "LR", "BT", "RL"}
        Graphviz rank direction; ``TB`` puts the thesis on top.
    legend : bool
        Draw the legend under the title (``False``: no legend table at all).
    evidence : bool
        Draw each quote as a node of its own (a note shape with 「quote」 and ``file:line``,
        ``p. N``), joined to its claim by a grey dotted edge and ranked under it. ``False``: quotes
        are only in the claim's tooltip.
    focus : str or None
        Id of a claim: draw only the claims within ``depth`` steps of it (see :func:`neighbourhood`).
        ``None``: the whole map.
    depth : int
        Steps from ``focus`` (``0``: the focus claim alone). Ignored without ``focus``.
    cluster : {"none", "section", "author"}
        Group claims in boxes: ``"section"`` by :attr:`Claim.section` (claims without a section stay
        outside), ``"author"`` by the label of :attr:`Claim.asserted_by` (the work's own claims stay
        outside).
    evaluate : bool
        Mark every claim and inference with its label under grounded semantics, the map evaluated
        alone (``in``, ``out``, ``undec``; docs/evaluation.md), say why in its tooltip, and add
        the marks to the legend.

    Raises
    ------
    ValueError
        ``cluster`` is not one of the three values, or ``depth`` is not an integer ≥ 0.
    """

    lang: Lang = "zh"
    columns: int = 30
    rankdir: str = "TB"
    legend: bool = True
    evidence: bool = False
    focus: str | None = None
    depth: int = 1
    cluster: ClusterBy = "none"
    evaluate: bool = False

    def __post_init__(self) -> None:
        if self.cluster not in CLUSTER_CHOICES:
            raise ValueError(f"cluster must be one of {', '.join(CLUSTER_CHOICES)}, not {self.cluster!r}")
        if isinstance(self.depth, bool) or not isinstance(self.depth, int) or self.depth < 0:
            raise ValueError(f"depth must be an integer >= 0, not {self.depth!r}")
