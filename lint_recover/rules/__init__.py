"""Rule families: one module per family, each registering its codes in `registry.RULES`."""
