"""argmap: argument maps of scholarly works, with verbatim evidence proved against the source.

Pipeline (each stage one input, one output)::

    YAML text --loader--> Map (immutable model) --checks--> diagnostics
    Map --render--> DOT --Graphviz--> SVG / PNG / PDF

See ``docs/format.md`` for the map format and ``docs/checks.md`` for the diagnostic codes.
"""

__version__ = "0.1.0"
FORMAT_VERSION = 1
