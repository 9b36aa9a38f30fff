"""recover_runtime: report exceptions that escape concurrent work to a self-hosted Sentry.

Opt-in and privacy first; see the README section "The runtime".
"""

from recover_runtime.configure import flush, init, shutdown
from recover_runtime.hooks import install_hooks, uninstall_hooks
from recover_runtime.primitive import recover
from recover_runtime.tasks import create_task

__all__ = [
    "create_task",
    "flush",
    "init",
    "install_hooks",
    "recover",
    "shutdown",
    "uninstall_hooks",
]
