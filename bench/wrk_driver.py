"""Drives the autosave benchmark with wrk (Debian's ``wrk``), one connection per candidate.

wrk is written in C, so on a two-core machine it leaves the server the CPU that a Python
client would take. A generated Lua script gives each wrk thread (``-t N -c N``: one
connection each) one candidate's session cookie, CSRF token and attempt; it remembers the
last value the server acknowledged for each item and prints them at the end, so the
benchmark can check every acknowledged answer against the database.
"""

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

LUA = r"""
local clients = CLIENTS
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  client = clients[id]
  n = 0
  acked = {}
  pending_item = nil
  pending_value = nil
  headers = {
    ["Cookie"] = client.cookie,
    ["X-CSRFToken"] = client.csrf,
    ["HX-Request"] = "true",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
end

function request()
  n = n + 1
  if mode == "plain" then
    return wrk.format("GET", "/bench/plain")
  end
  local position = n % #client.items + 1
  local value = id * 10000000 + n
  pending_item = client.items[position]
  pending_value = value
  local path = "/me/attempts/" .. client.attempt .. "/items/" .. position .. "/answer/"
  return wrk.format("POST", path, headers, "number=" .. value .. "&elapsed_ms=1000")
end

function response(status, headers, body)
  if status == 200 and pending_item ~= nil then
    acked[pending_item] = pending_value
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
  for _, thread in ipairs(threads) do
    local attempt = clients[thread:get("id")].attempt
    for item, value in pairs(thread:get("acked")) do
      io.write(string.format("ACK %d %d %d\n", attempt, item, value))
    end
  end
end
"""

RESULT = re.compile(
    r"RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) "
    r"non2xx=(\d+) socket_errors=(\d+)"
)


@dataclass
class Run:
    rate: float
    p50_ms: float
    p99_ms: float
    failed: int
    acknowledged: dict[tuple[int, int], int] = field(default_factory=dict)


def _lua_clients(clients) -> str:
    rows = [
        f"{{attempt={c.attempt_id}, cookie={json.dumps(c.cookie)}, csrf={json.dumps(c.csrf)}, "
        f"items={{{','.join(map(str, c.item_ids))}}}}}"
        for c in clients
    ]
    return "{" + ",\n".join(rows) + "}"


def drive(port: int, clients, seconds: float, *, mode: str) -> Run:
    """``mode`` "save" posts answers; "plain" gets the plain JsonResponse view."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "autosave.lua"
        script.write_text(LUA.replace("CLIENTS", _lua_clients(clients)))
        threads = str(len(clients))
        output = subprocess.run(
            ["wrk", "-t", threads, "-c", threads, "-d", f"{seconds:.0f}s", "--timeout", "30s",
             "-s", str(script), f"http://127.0.0.1:{port}", "--", mode],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    match = RESULT.search(output)
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    requests, duration_us, p50_us, p99_us, non2xx, socket_errors = map(int, match.groups())
    acknowledged = {}
    for line in output.splitlines():
        if line.startswith("ACK "):
            _, attempt, item, value = line.split()
            acknowledged[(int(attempt), int(item))] = int(value)
    return Run(
        rate=(requests - non2xx) / (duration_us / 1e6),
        p50_ms=p50_us / 1000,
        p99_ms=p99_us / 1000,
        failed=non2xx + socket_errors,
        acknowledged=acknowledged,
    )


GET_RESULT = re.compile(r"Requests/sec:\s+([\d.]+)")
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")


def get_rate(port: int, path: str, *, cookie: str, connections: int, seconds: float) -> float:
    """Successful GET requests per second on ``path`` from ``connections`` connections."""
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds:.0f}s", "--timeout", "30s",
         "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    match = GET_RESULT.search(output)
    if match is None:
        raise RuntimeError(f"wrk printed no rate:\n{output}")
    failed = NON_2XX.search(output)
    if failed:
        raise RuntimeError(f"{failed.group(1)} requests to {path} failed:\n{output}")
    return float(match.group(1))
