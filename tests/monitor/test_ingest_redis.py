"""A Redis Streams consumer group against a real redis-server: shared work, restarts, dead workers."""

from __future__ import annotations

import uuid

import redis

from pavedroad.monitor.ingest.lines import IngestCounters, Line
from pavedroad.monitor.ingest.redis_stream import RedisStreamSource


def new_stream(url: str, count: int) -> tuple[str, list[str]]:
    """A stream of its own holding `count` log lines; their entry ids."""
    name = f"logs-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(url)
    ids = [client.xadd(name, {"line": f"line {index}"}).decode() for index in range(count)]
    client.close()
    return name, ids


def worker(url: str, stream: str, consumer: str, claim_idle_ms: int = 60_000) -> RedisStreamSource:
    return RedisStreamSource(url, stream, "monitors", consumer, IngestCounters(), claim_idle_ms=claim_idle_ms)


def positions(lines: list[Line]) -> list[str]:
    return [line.origin.position for line in lines]


def pending(url: str, stream: str) -> int:
    client = redis.Redis.from_url(url)
    try:
        count: int = client.xpending(stream, "monitors")["pending"]
        return count
    finally:
        client.close()


def test_two_workers_share_a_stream_and_each_entry_is_handled_once(redis_server: str) -> None:
    stream, ids = new_stream(redis_server, 100)
    first, second = worker(redis_server, stream, "a"), worker(redis_server, stream, "b")
    seen: dict[str, list[str]] = {"a": [], "b": []}
    while not (first.exhausted and second.exhausted) or not seen["a"]:
        for name, source in (("a", first), ("b", second)):
            lines = source.poll(7)
            seen[name] += positions(lines)
            source.commit()
    assert sorted(seen["a"] + seen["b"]) == sorted(ids)
    assert not set(seen["a"]) & set(seen["b"])
    assert seen["a"] and seen["b"]
    assert pending(redis_server, stream) == 0
    first.close()
    second.close()


def test_a_restarted_worker_first_handles_what_it_had_not_acknowledged(redis_server: str) -> None:
    stream, ids = new_stream(redis_server, 10)
    crashed = worker(redis_server, stream, "a")
    assert positions(crashed.poll(4)) == ids[:4]
    crashed.close()  # died before commit: the four stay pending for consumer "a"
    restarted = worker(redis_server, stream, "a")
    lines = restarted.poll(100)
    assert positions(lines) == ids[:4]
    assert lines[0].text == "line 0"
    restarted.commit()
    assert positions(restarted.poll(100)) == ids[4:]
    restarted.commit()
    assert pending(redis_server, stream) == 0
    restarted.close()


def test_entries_of_a_dead_worker_are_claimed_by_another(redis_server: str) -> None:
    stream, ids = new_stream(redis_server, 6)
    dead = worker(redis_server, stream, "dead")
    assert positions(dead.poll(3)) == ids[:3]
    dead.close()
    # claim_idle_ms=0: every pending entry counts as abandoned (no waiting in a test)
    survivor = worker(redis_server, stream, "survivor", claim_idle_ms=0)
    claimed = survivor.poll(100)
    assert positions(claimed) == ids[:3]
    survivor.commit()
    assert positions(survivor.poll(100)) == ids[3:]
    survivor.commit()
    assert survivor.poll(100) == [] and survivor.exhausted
    assert pending(redis_server, stream) == 0
    survivor.close()


def test_entries_without_the_line_field_are_kept_whole_as_json(redis_server: str) -> None:
    name = f"logs-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_server)
    client.xadd(name, {"message": "hello", "host": "web-1"})
    client.close()
    source = worker(redis_server, name, "a")
    (line,) = source.poll(10)
    assert line.text == '{"message": "hello", "host": "web-1"}'
    source.close()
