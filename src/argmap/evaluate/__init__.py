"""Which claims stand: the maps' claims and inferences as an argumentation framework, labelled
in/out/undec under grounded, preferred or stable semantics (docs/evaluation.md).

``framework.py`` builds the framework (claims, inferences, rebuttals, undercuts, cross-map links)
and its Dung translation; ``semantics.py`` labels a Dung framework; ``result.py`` evaluates maps
and explains every label; ``across.py`` compares works evaluated together with each alone;
``report.py`` writes the text, Markdown and JSON reports; ``expect.py`` checks the labels a map
expects (``expect:``, codes V601-V609). This stage imports model, output, evidence and load; the
checks, the renderers and the command line use it.
"""
