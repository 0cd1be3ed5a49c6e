"""A small HTTP load generator, run as a second process: `python -m palermo.bench.load URL ...`.

It keeps ``--concurrency`` keep-alive connections busy for ``--duration`` seconds (after a warm-up)
and prints one JSON document: requests, errors, throughput and latency percentiles. It stands in for
wrk where wrk is not installed, and is what `palermo bench` uses so both figures of a comparison come
from the same tool.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from typing import Any
from urllib.parse import urlsplit


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation, as numpy's default does."""
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low)


def _worker(
    url: str, stop_at: float, warm_until: float, out: list[float], errors: list[int]
) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=30)
    while (now := time.perf_counter()) < stop_at:
        try:
            conn.request("GET", path, headers={"Accept": "application/json"})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(
                parts.hostname or "127.0.0.1", parts.port or 80, timeout=30
            )
        elapsed = time.perf_counter() - now
        if now >= warm_until:
            if ok:
                out.append(elapsed)
            else:
                errors.append(1)
    conn.close()


def run(url: str, concurrency: int, duration: float, warmup: float) -> dict[str, Any]:
    start = time.perf_counter()
    warm_until, stop_at = start + warmup, start + warmup + duration
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors: list[int] = []
    threads = [
        threading.Thread(target=_worker, args=(url, stop_at, warm_until, latencies[i], errors))
        for i in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    values = sorted(v for chunk in latencies for v in chunk)
    return {
        "url": url,
        "concurrency": concurrency,
        "duration_s": duration,
        "requests": len(values),
        "errors": len(errors),
        "throughput_rps": len(values) / duration,
        "p50_ms": percentile(values, 50) * 1000,
        "p99_ms": percentile(values, 99) * 1000,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.url, args.concurrency, args.duration, args.warmup)))


if __name__ == "__main__":
    main()
