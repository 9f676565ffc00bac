"""The review station: a local web app where an HR officer checks, corrects and confirms records.

``mseflow review OUT`` serves it (:func:`mseflow.review.server.serve_review`);
:func:`mseflow.review.app.create_app` builds the FastAPI app for tests and
embedding. Decisions go to the append-only ``reviews`` table
(:mod:`mseflow.records.reviews`) and win over extraction on the next run.
"""

from __future__ import annotations
