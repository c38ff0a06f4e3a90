"""Load over HTTP with wrk (Debian: apt-get install wrk): a fixed number of keep-alive connections
for a fixed time; a Lua script sets the request and prints one JSON line with throughput,
latency percentiles and errors. Writes give every request a new entry id and count the entries
the server acknowledged as stored."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

SUMMARY = r"""
local function count(name)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get(name) or 0) end
  return total
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "median_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, ' ..
    '"errors": %d, "non_2xx_3xx": %d, "acknowledged": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status, count("acknowledged")))
end
"""

THREADS = r"""
threads = {}
local n = 0
function setup(thread)
  n = n + 1
  thread:set("id", n)
  thread:set("cookie", COOKIES[((n - 1) % #COOKIES) + 1])
  thread:set("csrf", CSRFS[((n - 1) % #CSRFS) + 1])
  table.insert(threads, thread)
end
"""

READ = r"""
function init(args)
  acknowledged = 0
  wrk.headers["Cookie"] = cookie
  if csrf ~= "" then wrk.headers["X-CSRFToken"] = csrf end
end
function request()
  return wrk.format(nil)
end
"""

WRITE = r"""
function init(args)
  acknowledged = 0
  counter = 0
  wrk.headers["Cookie"] = cookie
  if csrf ~= "" then wrk.headers["X-CSRFToken"] = csrf end
end
function request()
  counter = counter + 1
  local entry
  local day = os.date("%Y-%m-%d", os.time() - 86400 * (counter % 300))
  local client_id = string.format("%08x-0000-4000-8000-%012x", id, counter)
  if counter % 2 == 0 then
    entry = string.format('{"kind":"pain","client_id":"%s","date":"%s","pain":%d,"scale":"numeric"}',
                          client_id, day, counter % 11)
  else
    entry = string.format('{"kind":"activity","client_id":"%s","date":"%s","activity":"walking",' ..
                          '"minutes":5,"intensity":"moderate"}', client_id, day)
  end
  return wrk.format("POST", nil, nil, '{"entries":[' .. entry .. ']}')
end
function response(status, headers, body)
  if status == 200 and string.find(body, '"created"', 1, true) then acknowledged = acknowledged + 1 end
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal for these values


def run(url: str, *, cookies: list[str], csrfs: list[str] | None = None, headers: dict[str, str],
        method: str = "GET", body: str = "", write: bool = False,
        connections: int = 8, seconds: int = 15) -> dict[str, Any]:
    """``cookies`` (and their CSRF tokens): one per wrk thread (a thread per connection, so every
    connection can be a different user)."""
    csrfs = csrfs or [""] * len(cookies)
    lines = [f"COOKIES = {{{', '.join(_lua_string(c) for c in cookies)}}}",
             f"CSRFS = {{{', '.join(_lua_string(c) for c in csrfs)}}}", f"wrk.method = {_lua_string(method)}"]
    if body:
        lines.append(f"wrk.body = {_lua_string(body)}")
    lines += [f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()]
    script = "\n".join(lines) + THREADS + (WRITE if write else READ) + SUMMARY
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        done = subprocess.run(["wrk", f"-t{connections}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                               "-s", f.name, url], capture_output=True, text=True, timeout=seconds + 120, check=True)
    finally:
        Path(f.name).unlink()
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH "))
    result: dict[str, Any] = json.loads(line[len("BENCH "):])
    result["per_s"] = round(result["requests"] / result["seconds"], 1)
    for key in ("median_ms", "p95_ms", "p99_ms"):
        result[key] = round(result[key], 2)
    return result
