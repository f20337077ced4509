"""``argmap serve``: a local preview of what ``argmap build`` writes, kept current while you edit.

:mod:`.site` builds the pages into a temporary folder and redraws only what changed; :mod:`.live`
serves that folder over HTTP on a loopback address, polls the maps, issues files, manifests and
source texts, and tells open pages to reload (server-sent events). Nothing outside the build
folder is served. See docs/editors.md ("Live preview").
"""
