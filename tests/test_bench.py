"""The benchmark harness: registration, ratios, the load generator and the CLI's JSON document."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from palermo import bench
from palermo.bench import BenchResult
from palermo.bench.load import percentile, run


def test_ratio_reads_as_times_better_in_both_directions() -> None:
    faster = BenchResult("t", figure=0.5, unit="s", baseline=2.0, baseline_label="naive")
    assert faster.ratio == pytest.approx(4.0)
    more = BenchResult("r", 300, "req/s", 100, "health", higher_is_better=True)
    assert more.ratio == pytest.approx(3.0)
    assert BenchResult("z", 0, "s", 1, "b").ratio is None
    assert more.as_dict()["ratio"] == 3.0


def test_a_name_cannot_be_registered_twice() -> None:
    @bench.benchmark("test.only_once")
    def first(quick: bool) -> BenchResult:
        return BenchResult("test.only_once", 1, "s", 1, "b")

    with pytest.raises(ValueError, match="registered twice"):

        @bench.benchmark("test.only_once")
        def second(quick: bool) -> BenchResult:
            return first(quick)


def test_percentile_interpolates_like_numpy() -> None:
    values = [1.0, 2.0, 3.0, 4.0]
    assert percentile(values, 50) == pytest.approx(2.5)
    assert percentile(values, 100) == 4.0
    assert percentile(values, 0) == 1.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = b"{}" if self.path == "/ok" else b"no"
        self.send_response(200 if self.path == "/ok" else 500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_load_generator_counts_successes_and_errors_separately() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        ok = run(f"http://127.0.0.1:{port}/ok", concurrency=2, duration=0.5, warmup=0.1)
        bad = run(f"http://127.0.0.1:{port}/bad", concurrency=2, duration=0.5, warmup=0.1)
    finally:
        server.shutdown()
    assert ok["requests"] > 0
    assert ok["errors"] == 0
    assert ok["p50_ms"] <= ok["p99_ms"]
    assert bad["requests"] == 0
    assert bad["errors"] > 0


def test_bench_command_prints_one_json_document_with_baselines() -> None:
    @bench.benchmark("test.tiny")
    def tiny(quick: bool) -> BenchResult:
        return BenchResult("test.tiny", 1.0, "s", 2.0, "a slower way")

    out = StringIO()
    call_command("bench", "--only", "test.tiny", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert [b["name"] for b in doc["benchmarks"]] == ["test.tiny"]
    assert doc["benchmarks"][0]["baseline"] == 2.0
    assert doc["benchmarks"][0]["ratio"] == 2.0
