"""Render: a map → DOT text (pure, testable without Graphviz) → SVG/PNG/PDF through Graphviz.

This module gathers the renderer's public names under the path they have always had
(``from argmap.render.dot import build_graph``); each part lives in a module of its own:

========================  ===========================================================================
:mod:`.options`           :class:`RenderOptions`: what a diagram draws
:mod:`.escape`            :func:`q`, :func:`h`: text for DOT attributes and HTML-like labels
:mod:`.style`             how claims and quotes look (colours, labels, tooltips, legend), in every diagram
:mod:`.focus`             :func:`neighbourhood`: the claims near one claim
:mod:`.graph`             :func:`build_graph`, :func:`to_dot`, :func:`render_map`: the diagram of one map
:mod:`.comparison`        :func:`build_comparison_graph`: two works side by side
:mod:`.graphviz`          :func:`engine_for`, :func:`layout`: running Graphviz
========================  ===========================================================================
"""

from __future__ import annotations

from argmap.render.comparison import AGREEING, COMPARISON_KEY, STATUS_COLOUR, build_comparison_graph
from argmap.render.escape import h, q
from argmap.render.focus import neighbourhood, step_graph
from argmap.render.graph import build_graph, render_map, to_dot
from argmap.render.graphviz import DOT_MAX_EXTRA_EDGES, SFDP_ATTRIBUTES, RenderError, engine_for, graph_size, layout
from argmap.render.options import CLUSTER_CHOICES, ClusterBy, Lang, RenderOptions
from argmap.render.style import (ATTACK_COLOUR, EVIDENCE_BORDER, EVIDENCE_EDGE_COLOUR, EVIDENCE_FILL, FOCUS_COLOUR,
                                 FONT, SUPPORT_COLOUR, claim_label, claim_tooltip, evidence_label, quote_place)

__all__ = [
    "AGREEING", "ATTACK_COLOUR", "CLUSTER_CHOICES", "COMPARISON_KEY", "DOT_MAX_EXTRA_EDGES", "EVIDENCE_BORDER",
    "EVIDENCE_EDGE_COLOUR", "EVIDENCE_FILL", "FOCUS_COLOUR", "FONT", "SFDP_ATTRIBUTES", "STATUS_COLOUR",
    "SUPPORT_COLOUR", "ClusterBy", "Lang", "RenderError", "RenderOptions", "build_comparison_graph", "build_graph",
    "claim_label", "claim_tooltip", "engine_for", "evidence_label", "graph_size", "h", "layout", "neighbourhood",
    "q", "quote_place", "render_map", "step_graph", "to_dot",
]
