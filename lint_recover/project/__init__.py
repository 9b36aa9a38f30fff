"""Running over a project: discovery of files, analysis in worker processes, the cache, and
the engine that drives `check` and `fix`."""
