"""AIF JSON: export a map as an argument graph of the Argument Interchange Format, and import one.

The AIF (Chesñevar et al. 2006, *Towards an argument interchange format*, Knowledge Engineering
Review 21(4); Reed et al. 2008 for I-/S-nodes and locutions) represents an argument as a graph of
**I-nodes** (information: claims) and **S-nodes** (scheme applications): **RA** (rule application:
an inference), **CA** (conflict application: an attack) and **MA** (preference/rephrase). Dialogue
is carried by **L-nodes** (locutions, "who said what"), **YA** (illocutionary anchoring, e.g.
*Asserting*) and **TA** (transitions). The JSON form is AIFdb's and OVA's::

    {"nodes": [{"nodeID": "1", "text": "...", "type": "I"}, ...],
     "edges": [{"edgeID": "1", "fromID": "1", "toID": "2", "formEdgeID": null}, ...],
     "locutions": [{"nodeID": "7", "personID": "1", ...}], "participants": [...]}

Mapping (both directions; ``docs/interchange.md`` has the full table and what is lost):

====================================  ======================================================
argmap                                AIF
====================================  ======================================================
claim                                 I-node (``text`` = the claim's text)
inference (premises → conclusion)     one RA-node; premise → RA → conclusion (linked premises
                                      share the RA); ``scheme`` → the RA's ``text``/``scheme``
inference with scheme                 MA-node (rephrase), both ways
``Default Rephrase``
rebuttal (attacker → claim)           CA-node; attacker → CA → target I-node
undercut (attacker → inference)       CA-node; attacker → CA → the inference's RA-node
evidence quote                        L-node (``text`` = the verbatim quote; selectors in its
                                      extension) → YA ``Asserting`` → I-node, with a
                                      ``locutions`` entry naming the work's author as participant
attribution (``asserted_by``)         an extension field; on import, an L-node whose text is
                                      ``Speaker says '…'`` or ``Speaker: …`` (or whose
                                      ``locutions`` entry names a participant) becomes
                                      ``asserted_by: {author: Speaker}``
everything else                       extension field ``"argmap"`` on the node (claim fields,
                                      inference/attack ids and notes, selectors) and at the top
                                      level (map id, work, sources, positions, expect)
====================================  ======================================================

The importer reports every AIF construct it cannot map, with its place in the JSON file, as an
``X5xx`` diagnostic: nothing is dropped silently.

The export is :mod:`argmap.interchange.aif.export`, reading a file :mod:`argmap.interchange.aif.parse`
and the import :mod:`argmap.interchange.aif.importer`; scheme placeholders are told from scheme names
in :mod:`argmap.interchange.aif.schemes`, and xAIF (the AIF graph inside OVA3's document) is
:mod:`argmap.interchange.aif.xaif`. Their public names are imported here.
"""

from __future__ import annotations

from argmap.interchange.aif.export import (DEFAULT_CONFLICT, DEFAULT_INFERENCE, DEFAULT_REPHRASE, EXT, dumps,
                                           to_aif)
from argmap.interchange.aif.importer import Imported, from_aif
from argmap.interchange.aif.parse import MAX_AIF_BYTES, read_aif
from argmap.interchange.aif.xaif import from_xaif, is_xaif, to_xaif

__all__ = ["DEFAULT_CONFLICT", "DEFAULT_INFERENCE", "DEFAULT_REPHRASE", "EXT", "MAX_AIF_BYTES", "Imported", "dumps",
           "from_aif", "from_xaif", "is_xaif", "read_aif", "to_aif", "to_xaif"]
