"""Helpers shared by the test suites: real subprocesses, a loopback Sentry endpoint."""
