"""``argmap lsp``: a language server (LSP 3.17 over stdio, on pygls 2) for map files
(``*.argmap.yaml``), issues files (``*.issues.yaml``) and source manifests (``manifest.yaml``).

It checks a document as the editor holds it, as ``argmap check FILE`` would check the file (with
the maps and issues files beside it), on opening and after each pause in typing, and publishes
argmap's diagnostics with exact ranges and related places; it completes ids, references and
fields, shows claims and quotes on hover, goes to definitions (a quote to its passage in the
source), finds references, outlines and folds the document, offers the ``--fix`` edits as code
actions, and renames ids across the maps of a folder. See docs/editors.md.

Modules: :mod:`.chunks` (parsing only what changed), :mod:`.text` (reading the text without a
parse), :mod:`.project` (the files of a folder and their checks), :mod:`.convert` (positions),
:mod:`.targets` (what the cursor is on), :mod:`.navigate` (hover, definition, references),
:mod:`.complete` (completion, outline), :mod:`.edits` (rename, code actions), :mod:`.server`
(document life cycle, diagnostics), :mod:`.handlers` (the LSP methods).
"""
