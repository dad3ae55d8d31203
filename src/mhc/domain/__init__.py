"""Pure core: entities, value objects, rules and use cases. No I/O here."""
