"""Source text: reading a file as the interpreter would, positions, and what the text alone
tells (the screen for spawn words, `# noqa`, flake8's file switch)."""
