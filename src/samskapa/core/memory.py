"""The garbage collector and what a process keeps for its whole life.

A worker reads large structures once (the enrichment dictionary, the suggest index, the imported modules) and
keeps them until it stops. CPython's collector still walks every one of those objects on each full
collection, and full collections come as the caches that serving fills grow: measured on the dictionary tier
in a process like the benchmark's, a full collection during a run cost 20 to 30 % of its throughput.

`settle` is called once a process has read what it keeps (after its warm-up): it collects what is already
garbage, then moves every object alive into the collector's permanent generation (`gc.freeze`), which later
collections skip. Those objects are still freed by reference counting as usual; only a reference cycle among
them would outlive its use, which is why this is done once, after the warm-up, and not per request.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect once, then keep every object alive now out of later collections (`gc.freeze`)."""
    gc.collect()
    gc.freeze()
