"""spaCy components, one per file, each fed by the rule pack and writing to ``doc._``."""
