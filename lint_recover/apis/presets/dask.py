"""dask.distributed: tasks submitted to a cluster.

`Client.submit` gives a future and `Client.map` a list of them; a task's exception is kept
on the scheduler and raised by `result()`, by `client.gather(...)` or by awaiting the
future, and lost otherwise (also with `fire_and_forget`, whose argument is then never read).
Like an executor job.
"""

from __future__ import annotations

from lint_recover.apis.model import FUTURE_FORMS, Preset, SpawnApi, on

NAME = "dask"
CLIENT = "distributed.Client"

_SUBMIT = SpawnApi("", "RCV702", 0, "func", returns="result", consumed_by=FUTURE_FORMS, origin=NAME)

PRESET = Preset(
    name=NAME,
    library="dask.distributed",
    mentions=("dask", "distributed"),
    prefixes=("distributed.",),
    distributions=("dask", "distributed"),
    rows=(*on(_SUBMIT, [CLIENT], "submit"), *on(_SUBMIT, [CLIENT], "map")),
    returns={"distributed.get_client": CLIENT, "distributed.Client.current": CLIENT},
    modules={"dask.distributed": "distributed", "distributed.client": "distributed"},
)
