#!/usr/bin/env python3
"""Side by side: fresh-solve latency of `taplan serve` for two binaries, alternating.

Usage: python3 tools/serve-ab.py N BIN_A BIN_B [DATASET]

Starts `BIN_A serve` and `BIN_B serve` on ports 18081 and 18082, then sends N rounds of
`POST /api/solve` (the financial mechanism at a factor neither server has seen), alternating
which server goes first, and prints each binary's median, 10th percentile and mean in ms.
Both run at once on the same machine, so a ratio between them is fair where absolute figures
are not (docs/performance.md). Needs only Python 3's standard library.
"""
import json
import statistics
import subprocess
import sys
import time
import urllib.request

PORTS = [18081, 18082]


def post(port, factor):
    """One fresh solve: its wall time in seconds and its HTTP status."""
    edit = {"kind": "scale_offers", "partner_kind": "financial_mechanism", "factor": factor}
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/solve",
        data=json.dumps({"edits": [edit]}).encode(),
        headers={"content-type": "application/json"},
    )
    t0 = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        r.read()
        return time.perf_counter() - t0, r.status


def wait_up(port):
    """Wait (up to 60 s) until the server answers: it solves the base plan first."""
    for _ in range(300):
        try:
            post(port, 0.9)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"no server on port {port}")


def main():
    n, bins = int(sys.argv[1]), sys.argv[2:4]
    dataset = sys.argv[4] if len(sys.argv) > 4 else "datasets/brs-2026-2029"
    procs = [
        subprocess.Popen([b, "serve", dataset, "--port", str(p)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for b, p in zip(bins, PORTS)
    ]
    times = [[], []]
    try:
        for port in PORTS:
            wait_up(port)
        for i in range(n):
            for k in (0, 1) if i % 2 == 0 else (1, 0):
                dt, status = post(PORTS[k], 0.5 + i * 1e-5 + k * 1e-7)
                assert status == 200, status
                times[k].append(dt * 1000)
    finally:
        for p in procs:
            p.kill()
    for b, t in zip(bins, times):
        t.sort()
        print(f"{b}: median {statistics.median(t):.1f} ms  p10 {t[len(t) // 10]:.1f}"
              f"  mean {statistics.mean(t):.1f}")


if __name__ == "__main__":
    main()
