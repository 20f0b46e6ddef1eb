import gc
import weakref

from samskapa.core import memory


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_settle_collects_garbage_then_freezes_what_is_alive() -> None:
    garbage = _Node()
    gone = weakref.ref(garbage)
    del garbage
    kept = _Node()
    gc.unfreeze()
    try:
        memory.settle()
        assert gone() is None  # garbage of before was collected, not frozen
        assert gc.get_freeze_count() > 0
        assert gc.is_tracked(kept)
        assert all(item is not kept for item in gc.get_objects())  # frozen: collections skip it
        later = _Node()
        after = weakref.ref(later)
        del later
        gc.collect()
        assert after() is None  # what comes later is collected as usual
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
