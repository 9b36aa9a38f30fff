"""The ways in: the `lint-recover` command line and the flake8 plugin."""
