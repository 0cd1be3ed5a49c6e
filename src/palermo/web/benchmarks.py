"""Benchmarks of the web tier: reference API throughput and latency under concurrent load.

The server runs in its own process on loopback with a fresh SQLite database holding the shipped
reference data; the load comes from a second process (`palermo.bench.load`). The baseline is the
same server answering `/healthz` (one trivial query) under the same load in the same run, so the
ratio says what the API layer costs, whatever the machine's speed.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from palermo.bench import BenchResult, benchmark


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _palermo(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "palermo", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def _wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not come up within {timeout}s")


def _load(url: str, concurrency: int, duration: float) -> dict[str, Any]:
    result = subprocess.run(
        [
            sys.executable, "-m", "palermo.bench.load", url,
            "--concurrency", str(concurrency), "--duration", str(duration), "--warmup", "1",
        ],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return dict(json.loads(result.stdout))


def _countries_endpoint(base: str) -> str:
    """Find the countries list in the API root, so the benchmark follows the router's naming."""
    with urllib.request.urlopen(f"{base}/api/?format=json", timeout=10) as response:  # noqa: S310
        root = json.load(response)
    for name, url in root.items():
        if "countr" in name:
            return f"{url}{'&' if '?' in url else '?'}page_size=50&format=json"
    raise RuntimeError(f"no countries endpoint in the API root: {sorted(root)}")


@benchmark("web.reference_api_under_load")
def reference_api_under_load(quick: bool) -> BenchResult:
    concurrency, duration = (4, 3.0) if quick else (8, 10.0)
    with tempfile.TemporaryDirectory(prefix="palermo-bench-") as tmp:
        env = {
            **os.environ,
            "PALERMO_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "PALERMO_SECRET_KEY": "bench-only-secret-key-not-for-production",
            "PALERMO_API_RATE_ANON": "100000000/minute",
            "PALERMO_API_RATE_USER": "100000000/minute",
        }
        _palermo(env, "migrate", "--noinput")
        _palermo(env, "reference", "load", "--only", "countries")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "palermo", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait_until_up(f"{base}/healthz")
            api_url = _countries_endpoint(base)
            baseline = _load(f"{base}/healthz", concurrency, duration)
            subject = _load(api_url, concurrency, duration)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return BenchResult(
        name="web.reference_api_under_load",
        figure=round(subject["throughput_rps"], 1),
        unit="requests/s (countries list, 50 per page)",
        baseline=round(baseline["throughput_rps"], 1),
        baseline_label="requests/s of /healthz on the same server and load",
        higher_is_better=True,
        details={
            "concurrency": concurrency,
            "duration_s": duration,
            "server": "palermo runserver (threaded), SQLite, one process",
            "api": {k: subject[k] for k in ("requests", "errors", "p50_ms", "p99_ms")},
            "baseline": {k: baseline[k] for k in ("requests", "errors", "p50_ms", "p99_ms")},
        },
    )
