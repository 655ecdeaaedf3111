"""Relation rules, one module per family; each rule is ``(doc, ctx) -> Iterator[FoundLink]``."""
