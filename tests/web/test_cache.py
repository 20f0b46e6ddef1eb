from __future__ import annotations

from samskapa.web.cache import CachedResponse, ResponseCache, VersionWatch


def test_version_watch_asks_again_only_after_the_interval() -> None:
    answers = iter([1, 2, 3])
    calls: list[int] = []

    def fetch() -> int:
        calls.append(1)
        return next(answers)

    cached = VersionWatch(fetch, recheck_seconds=3600)
    assert (cached.get(), cached.get()) == (1, 1)
    assert len(calls) == 1
    eager = VersionWatch(fetch, recheck_seconds=0)
    assert (eager.get(), eager.get()) == (2, 3)


def test_response_cache_is_per_version_and_bounded() -> None:
    cache = ResponseCache(max_entries=2)
    a, b, c = (CachedResponse.of(text.encode()) for text in ("a", "b", "c"))
    cache.put("a", 1, a)
    cache.put("b", 1, b)
    assert cache.get("a", 1) is a  # touching "a" makes "b" the least recently used
    cache.put("c", 1, c)
    assert cache.get("b", 1) is None
    assert cache.get("a", 1) is a
    assert cache.get("a", 2) is None, "a new version makes every entry stale"
    cache.put("c", 2, c)
    assert len(cache) == 1
    assert cache.get("a", 1) is None


def test_etag_is_a_hash_of_the_body() -> None:
    assert CachedResponse.of(b"x").etag == CachedResponse.of(b"x").etag != CachedResponse.of(b"y").etag
    assert CachedResponse.of(b"x").etag.startswith('"')
