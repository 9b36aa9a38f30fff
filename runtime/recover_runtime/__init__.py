"""recover_runtime: report exceptions that escape concurrent work to a self-hosted Sentry.

Opt-in and privacy first; see the README section "The runtime".
"""

from recover_runtime.configure import flush, init, shutdown
from recover_runtime.hooks import install_hooks
from recover_runtime.primitive import recover

__all__ = ["flush", "init", "install_hooks", "recover", "shutdown"]
