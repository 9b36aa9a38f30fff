"""Adapters for frameworks and libraries that catch an exception before any standard hook sees it.

A web framework answers 500 and logs; tornado, twisted and gevent log a failed callback
themselves. Each module here routes such exceptions to the runtime's one reporting path
(`recover_runtime.reporting.report_exception`), once, under the same privacy and environment
rules, without changing what the library answers or prints. Each module imports its library
only when it is imported itself: the runtime depends on sentry-sdk alone, and an application
imports the adapter of the library it uses, under an alias so that the library keeps its own
name: `from recover_runtime.integrations import flask as recover_flask`.
"""
