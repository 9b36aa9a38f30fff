"""lint-recover: find and fix concurrent work whose exceptions would be lost.

Data flows one way: source -> module facts -> rules -> findings -> report or fix.
"""

__version__ = "0.1.0"
