"""The session a fact-checker works in, without Textual: open articles with their claims and verdicts,
the store, the annotator, links across the corpus, and the use cases (tag, note, source, undo, redo,
settle) that return what changed.
"""
