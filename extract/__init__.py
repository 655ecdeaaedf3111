"""Article text -> plain records (articles, mentions, entities, relations)."""
