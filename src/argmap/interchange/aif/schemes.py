"""Which scheme name an AIF S-node carries, telling real scheme names from the placeholders that AIF
writers put on a node that has none.

AIFdb and OVA write ``Default Inference`` on an RA-node, ``Default Conflict`` on a CA-node,
``Default Rephrase`` on an MA-node and ``Default Preference`` on a PA-node when the analyst named no
scheme; arguebuf 2.x writes ``Default`` on each of them (its ``Support.DEFAULT``), and AraucariaDB
writes the node type itself (``RA``). None of these is a scheme: an inference imported from such a
node has no ``scheme``. (An inference whose scheme was ``Default Rephrase`` in argmap is exported as
an MA-node, and an MA-node comes back as that scheme: the node's type says it, not its text.)
"""

from __future__ import annotations

from typing import Any

#: The texts AIF writers give an S-node without a scheme (compared after folding case and spaces).
PLACEHOLDERS = frozenset(s.casefold() for s in (
    "", "RA", "CA", "MA", "PA", "Default", "Default Inference", "Default Conflict", "Default Rephrase",
    "Default Preference"))
#: AIFdb's usual text of an RA-node without a scheme: never taken as a scheme, so not counted as dropped.
USUAL = "default inference"


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_placeholder(name: str) -> bool:
    """True when ``name`` (an S-node's ``text`` or ``scheme``) is an AIF placeholder, not a scheme name.

    >>> is_placeholder("Default"), is_placeholder("default  conflict"), is_placeholder("ExpertOpinion")
    (True, True, False)
    """
    return _folded(name) in PLACEHOLDERS


def ra_scheme(node: dict[str, Any], text: str, *, from_argmap: bool) -> tuple[str | None, bool]:
    """The scheme name of an RA-node, and whether a placeholder name was dropped.

    Parameters
    ----------
    node : dict
        The AIF node (its ``scheme`` field, when a string, is AraucariaDB's and argmap's place for the
        scheme name; else the ``text`` names it, as in AIFdb and OVA).
    text : str
        The node's text, trimmed.
    from_argmap : bool
        The node carries argmap's extension: argmap wrote the ``scheme`` field exactly when the
        inference had a scheme, so that field is taken as it is (even ``Default``) and the text
        (``Default Inference`` or the scheme) is not read.

    Returns
    -------
    (scheme, dropped)
        ``scheme`` is ``None`` when the node names none or only a placeholder (:data:`PLACEHOLDERS`).
        ``dropped`` is ``True`` when a placeholder other than the usual text ``Default Inference`` was
        found and not taken as the scheme (the import's summary counts these).
    """
    field = node.get("scheme") if isinstance(node.get("scheme"), str) else None
    if from_argmap:
        return field, False
    name = field if field is not None else text
    if not is_placeholder(name):
        return name, False
    dropped = field is not None and field.strip() != "" or _folded(name) not in (USUAL, "ra", "")
    return None, dropped
