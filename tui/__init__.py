"""claimdesk: read news articles side by side, find their factual claims, and tag them.

The package, bottom to top (arrows point down only; `lint-imports` enforces it): `text` reads
article files into canonical text and finds boilerplate, sentences, check-worthy claims, links
between articles and loaded language; `annotations` is the typed annotation record and what is
computed from records alone (anchoring to changed text, merge, agreement); `store` keeps records
on disk (the only home of TinyDB) and `publish` writes them out (W3C, ClaimReview, CSV,
Markdown) and reads W3C back; `desk` is the session a fact-checker works in, with the use cases
(tag, note, source, undo, settle); at the top, `app` (the Textual reader) and `cli` (the
commands) never import each other, and `program` joins them into the `claimdesk` command.
"""

__version__ = "0.1.0"
