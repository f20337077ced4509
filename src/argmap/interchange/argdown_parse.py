"""Reading an Argdown document into Argdown's own model: statements (equivalence classes of
statements with the same title), arguments with their premise–conclusion structures, and relations.

The grammar and the model follow ``@argdown/core`` 1.7 (MIT licence), the library of the Argdown
CLI, so that what argmap reads is what ``argdown json`` reports for the same file (the test compares
them on Argdown's six examples and on argmap's exports):

- a document is a front matter block, then elements separated by blank lines: headings (sections),
  statements (``[Title]: text``, ``[Title]``, or plain text, titled ``Untitled N`` in document
  order), arguments (``<Title>: text`` or ``<Title>``), premise–conclusion structures (``(1) …``,
  ``----`` or ``--`` rules ``{data}`` ``--``, ``(n) …``; they belong to the argument just before
  them, else to a new untitled one) and lists;
- relations are indented lines under an element: ``+ <+`` (the child supports the parent), ``+>``
  (the parent supports the child), ``- <-`` / ``->`` (attack), ``_ <_`` / ``_>`` (undercut),
  ``><`` (contradiction); the child may have relations of its own, one level deeper;
- then, as Argdown does: a relation that starts at a reconstructed argument starts at its main
  conclusion instead, an undercut of a reconstructed argument targets its main inference, in
  ``model: {mode: strict}`` a support between statements is ``entails`` and an attack ``contrary``,
  and an attack on an argument that repeats an attack on one of its premises is dropped; identical
  relations are one relation with several occurrences.

Problems (a construct the grammar does not accept) are collected with their 1-based line and column
and parsing goes on after the next blank line, as Argdown's parser recovers.
"""

from __future__ import annotations

import re
from typing import Any

from argmap.interchange.argdown_lex import RELATION_KINDS, SPECIAL, Token, tokenize
from argmap.interchange.argdown_model import (Argument, Document, Inference, Member, Node, PcsItem, Relation,
                                              Statement, transform)
from argmap.load.yamlsafe import YamlProblem, parse as parse_yaml

_TAG = re.compile(r"#(?:\(([^)]+)\)|([^\s]+))")
_CONTENT = frozenset({"FREESTYLE", "CONTROL", "ESCAPED_CHAR", "SPECIAL_CHAR", "LINK", "EMPHASIS_START", "TAG",
                      "ARGUMENT_MENTION", "STATEMENT_MENTION", "NEWLINE"})
_FREESTYLE = frozenset({"FREESTYLE", "CONTROL", "ESCAPED_CHAR", "SPECIAL_CHAR"})
#: Deepest nesting of relations (indentation levels) and of bold/italic read; deeper is a problem.
MAX_DEPTH = 100


class _Syntax(Exception):
    def __init__(self, token: Token, message: str) -> None:
        super().__init__(message)
        self.token, self.message = token, message


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens, comments = tokenize(text)
        self.comments = {c.line: c.image[2:].strip() for c in comments if c.image.startswith("//")}
        end = Token("EOF", "", len(text), (text.count("\n") + 1), 1)
        self.tokens.append(end)
        self.i = 0
        self.doc = Document()
        self.untitled = 0
        self.section: str | None = None
        self.parents: list[Node] = []
        self.previous_argument: Argument | None = None

    # -- tokens ---------------------------------------------------------------------------------------

    def peek(self, k: int = 0) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def take(self, *kinds: str) -> Token:
        tok = self.peek()
        if kinds and tok.kind not in kinds:
            raise _Syntax(tok, f"expected {' or '.join(k.lower().replace('_', ' ') for k in kinds)}, "
                               f"found {tok.kind.lower().replace('_', ' ')} {tok.image[:20]!r}")
        self.i += 1
        return tok

    def optional(self, kind: str) -> Token | None:
        return self.take() if self.peek().kind == kind else None

    def new_title(self) -> str:
        self.untitled += 1
        return f"Untitled {self.untitled}"

    # -- document -------------------------------------------------------------------------------------

    def document(self) -> Document:
        self.optional("NEWLINE")
        self.optional("EMPTYLINE")
        if self.peek().kind == "FRONT_MATTER":
            self.front_matter(self.take())
            self.optional("NEWLINE")
            self.optional("EMPTYLINE")
        while self.peek().kind != "EOF":
            start = self.i
            try:
                self.element()
                if self.peek().kind not in ("EMPTYLINE", "EOF") and self.i == start:
                    raise _Syntax(self.peek(), "not an Argdown element")
            except _Syntax as exc:
                self.doc.problems.append((exc.token.line, exc.token.column, exc.message))
                self.parents.clear()
                while self.peek().kind not in ("EMPTYLINE", "EOF"):
                    self.i += 1
            self.optional("EMPTYLINE")
        return self.doc

    def front_matter(self, tok: Token) -> None:
        body = re.sub(r"^===+|===+$", "", tok.image)
        self.doc.front_place = (tok.line, tok.column)
        try:
            self.doc.front_matter = parse_yaml(body).data if body.strip() else {}
        except YamlProblem as exc:
            self.doc.problems.append((tok.line + max(exc.line - 1, 0), exc.column or 1,
                                      f"front matter is not YAML argmap can read: {exc.message}"))

    def element(self) -> None:
        kind = self.peek().kind
        if kind == "HEADING_START":
            self.heading()
            return
        if kind == "STATEMENT_NUMBER":
            self.pcs()
        elif kind in ("ARGUMENT_DEFINITION", "ARGUMENT_REFERENCE"):
            self.previous_argument = self.argument("argument-description")
            return
        elif kind == "INDENT" and self.peek(1).kind in ("ORDERED_LIST_ITEM", "UNORDERED_LIST_ITEM"):
            self.list()
        elif kind in _CONTENT or kind in ("STATEMENT_DEFINITION", "STATEMENT_REFERENCE"):
            self.statement("top-level-statement")
        else:
            raise _Syntax(self.peek(), f"{kind.lower().replace('_', ' ')} {self.peek().image[:20]!r} cannot start "
                                       f"an element here")
        self.previous_argument = None

    def heading(self) -> None:
        self.take("HEADING_START")
        member = Member(None, 0, 0, "heading")
        self.content(member)
        member.done()
        if self.peek().kind == "DATA" or (self.peek().kind == "NEWLINE" and self.peek(1).kind == "DATA"):
            self.optional("NEWLINE")
            self.take("DATA")
            self.optional("NEWLINE")
        self.section = " ".join(member.text.split())
        self.previous_argument = None

    def list(self) -> None:
        self.take("INDENT")
        while self.peek().kind in ("ORDERED_LIST_ITEM", "UNORDERED_LIST_ITEM"):
            self.take()
            if self.peek().kind in ("ARGUMENT_DEFINITION", "ARGUMENT_REFERENCE"):
                self.argument("argument-description")
            else:
                self.statement("list-item")
        self.take("DEDENT")

    # -- text -----------------------------------------------------------------------------------------

    def content(self, member: Member, depth: int = 0) -> None:
        """statementContent: text, links, emphasis, tags, mentions and line breaks, into ``member.text``."""
        if self.peek().kind not in _CONTENT:
            raise _Syntax(self.peek(), "expected text")
        if depth > MAX_DEPTH:
            raise _Syntax(self.peek(), f"bold and italic nested more than {MAX_DEPTH} levels deep")
        while (tok := self.peek()).kind in _CONTENT:
            self.i += 1
            if tok.kind in _FREESTYLE:
                member.add(_free(tok))
            elif tok.kind == "LINK":
                member.add(tok.image[1:tok.image.index("](")] + (" " if tok.image.endswith(" ") else ""))
            elif tok.kind == "TAG":
                self.i -= 1
                self.content_tag(member)
            elif tok.kind in ("ARGUMENT_MENTION", "STATEMENT_MENTION"):
                member.add(tok.image)
            elif tok.kind == "NEWLINE":
                if self.peek().kind in _CONTENT and not (member.parts and member.parts[-1].endswith(" ")):
                    member.add(" ")
            else:  # EMPHASIS_START: bold or italic, around optional content
                if self.peek().kind in _CONTENT:
                    self.content(member, depth + 1)
                end = self.take("EMPHASIS_END")
                if end.image.endswith(" "):
                    member.add(" ")

    def data(self, member: Member) -> None:
        tok = self.take("DATA")
        try:
            member.data = parse_yaml(tok.image).data
        except YamlProblem as exc:
            self.doc.problems.append((tok.line + max(exc.line - 1, 0), exc.column or 1,
                                      f"inline data is not YAML argmap can read: {exc.message}"))
        self.optional("NEWLINE")

    # -- statements and arguments ---------------------------------------------------------------------

    def statement(self, role: str) -> Statement:
        tok = self.peek()
        member = Member(None, tok.line, tok.column, role, section=self.section)
        if tok.kind == "STATEMENT_REFERENCE":
            self.take()
            member.title, member.reference = tok.image[1:-1], True
            while self.peek().kind == "TAG":
                self.content_tag(member)
            self.optional("NEWLINE")
        elif tok.kind == "STATEMENT_DEFINITION":
            self.take()
            member.title = tok.image[1:-2]
            self.content(member)
        else:
            self.content(member)
        member.done()
        if self.peek().kind == "DATA":
            self.data(member)
        ec = None
        if self.peek().kind == "INDENT":
            member.title = member.title or self.new_title()
            ec = self.statement_class(member.title)
            self.relations(ec)
        member.title = member.title or self.new_title()
        ec = ec or self.statement_class(member.title)
        ec.members.append(member)
        ec.tags.extend(t for t in member.tags if t not in ec.tags)
        if isinstance(member.data, dict):
            _merge(ec.data, member.data)
        return ec

    def content_tag(self, member: Member) -> None:
        """A tag after a reference (``[Title] #tag``)."""
        tok = self.take("TAG")
        mt = _TAG.match(tok.image)
        name = (mt.group(1) or mt.group(2)) if mt else tok.image[1:].strip()
        member.tag_spans.append((member.length, member.length + len(tok.image)))
        member.add(tok.image)
        if name not in member.tags:
            member.tags.append(name)

    def statement_class(self, title: str) -> Statement:
        ec = self.doc.statements.get(title)
        if ec is None:
            ec = self.doc.statements[title] = Statement(title)
        return ec

    def argument_node(self, title: str | None) -> Argument:
        title = title or self.new_title()
        arg = self.doc.arguments.get(title)
        if arg is None:
            arg = self.doc.arguments[title] = Argument(title)
        return arg

    def argument(self, role: str) -> Argument:
        tok = self.take("ARGUMENT_DEFINITION", "ARGUMENT_REFERENCE")
        member = Member(None, tok.line, tok.column, role, section=self.section)
        if tok.kind == "ARGUMENT_DEFINITION":
            member.title = tok.image[1:-2]
            self.content(member)
        else:
            member.title, member.reference = tok.image[1:-1], True
            while self.peek().kind == "TAG":
                self.content_tag(member)
            self.optional("NEWLINE")
        member.done()
        if self.peek().kind == "DATA":
            self.data(member)
        arg = self.argument_node(member.title)
        if self.peek().kind == "INDENT":
            self.relations(arg)
        arg.members.append(member)
        arg.tags.extend(t for t in member.tags if t not in arg.tags)
        if isinstance(member.data, dict):
            _merge(arg.data, member.data)
        return arg

    # -- relations ------------------------------------------------------------------------------------

    def relations(self, parent: Node, *, undercuts_only: bool = False) -> None:
        if len(self.parents) >= MAX_DEPTH:
            raise _Syntax(self.peek(), f"relations nested more than {MAX_DEPTH} levels deep")
        self.take("INDENT")
        self.parents.append(parent)
        while self.peek().kind in RELATION_KINDS:
            tok = self.take()
            if undercuts_only and tok.kind != "OUTGOING_UNDERCUT":
                raise _Syntax(tok, "only undercuts (<_) may be written under an inference")
            if tok.kind == "CONTRADICTION" or self.peek().kind not in ("ARGUMENT_DEFINITION", "ARGUMENT_REFERENCE"):
                child: Node = self.statement("relation-statement")
            else:
                child = self.argument("argument-description")
            self.relate(tok, parent, child)
        self.parents.pop()
        self.take("DEDENT")

    def relate(self, tok: Token, parent: Node, child: Node) -> None:
        kind = {"INCOMING_SUPPORT": "support", "OUTGOING_SUPPORT": "support", "INCOMING_ATTACK": "attack",
                "OUTGOING_ATTACK": "attack", "CONTRADICTION": "contradictory", "INCOMING_UNDERCUT": "undercut",
                "OUTGOING_UNDERCUT": "undercut"}[tok.kind]
        outgoing = tok.kind in ("INCOMING_SUPPORT", "INCOMING_ATTACK", "CONTRADICTION", "INCOMING_UNDERCUT")
        source, target = (parent, child) if outgoing else (child, parent)
        where = (tok.line, tok.column + len(tok.image) - len(tok.image.lstrip(" \t")), self.comments.get(tok.line))
        for r in source.relations:
            if (r.target is target and r.kind == kind) or (
                    kind == "contradictory" and r.kind == kind and r.source is target and r.target is source):
                r.occurrences.append(where)
                return
        rel = Relation(kind, source, target, [where])
        self.doc.relations.append(rel)
        source.relations.append(rel)
        target.relations.append(rel)

    # -- premise-conclusion structures ----------------------------------------------------------------

    def pcs(self) -> None:
        first = self.peek()
        arg = self.previous_argument or self.argument_node(None)
        if arg.pcs:
            raise _Syntax(first, f"<{arg.title}> already has a premise-conclusion structure")
        arg.line, arg.column = first.line, first.column
        inference: Inference | None = None
        while self.peek().kind in ("STATEMENT_NUMBER", "INFERENCE_START"):
            if self.peek().kind == "INFERENCE_START":
                if inference is not None or not arg.pcs:
                    raise _Syntax(self.peek(), "an inference needs a statement before and after it")
                inference = self.inference(arg.title)
                continue
            number = self.take("STATEMENT_NUMBER")
            ec = self.statement("premise" if inference is None else "intermediary-conclusion")
            member = ec.members[-1]
            item = PcsItem(ec.title, int(number.image.strip()[1:-1]),
                           "premise" if inference is None else "intermediary-conclusion", member, inference)
            arg.pcs.append(item)
            inference = None
        if inference is not None or not arg.pcs or arg.pcs[-1].role == "premise":
            raise _Syntax(self.peek(), f"the premise-conclusion structure of <{arg.title}> does not end with a "
                                       f"conclusion after an inference line (----)")
        arg.pcs[-1].role = "main-conclusion"

    def inference(self, argument: str) -> Inference:
        start = self.take("INFERENCE_START")
        inf = Inference(argument, start.line, start.column)
        self.optional("NEWLINE")
        rule = ""
        while self.peek().kind in _FREESTYLE or self.peek().kind == "LIST_DELIMITER":
            tok = self.take()
            if tok.kind == "LIST_DELIMITER":
                inf.rules.append(rule.strip())
                rule = ""
            else:
                rule += _free(tok)
        if rule.strip() or inf.rules:
            inf.rules.append(rule.strip())
        self.optional("NEWLINE")
        if self.peek().kind == "DATA":
            holder = Member(None, 0, 0, "inference")
            self.data(holder)
            inf.data = holder.data
        self.take("INFERENCE_END")
        self.take("NEWLINE", "EOF") if self.peek().kind != "EOF" else None
        if self.peek().kind == "INDENT":
            self.relations(inf, undercuts_only=True)
        return inf


def _free(tok: Token) -> str:
    """The text a freestyle token adds: an escaped character without its backslash, a known
    shortcode as its character (and a following space), anything else as written."""
    if tok.kind == "ESCAPED_CHAR":
        return tok.image[1:]
    if tok.kind == "SPECIAL_CHAR":
        char = SPECIAL.get(tok.image.strip())
        if char is not None:
            return char + (" " if tok.image.endswith(" ") else "")
    return tok.image


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    """Deep merge, as lodash's ``merge`` does for Argdown's data."""
    for k, v in new.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v


def read_argdown(text: str) -> Document:
    """Read an Argdown document (its model: module docstring).

    Parameters
    ----------
    text : str
        The document (decoded; ``\\n``, ``\\r\\n`` or ``\\r`` line breaks).

    Returns
    -------
    Document
        Statements and arguments by title (in the order Argdown creates them), relations after
        Argdown's transformations, the front matter (``None`` when there is none) and the problems.
        Raises nothing for any text.
    """
    parser = _Parser(text)
    doc = parser.document()
    transform(doc)
    return doc
