"""Many people at once: N Streamlit sessions rerunning the map page, the app vs a bare streamlit-folium page.

    .venv/bin/python bench/load.py [--sessions 1,10,50] [--duration 20] [--change colour|filter]
                                   [--baseline-repo DIR] [--target URL ...]

Each session is a websocket client speaking Streamlit's own protocol (``/_stcore/stream``,
protobuf ``BackMsg``/``ForwardMsg`` from ``streamlit.proto``), as the browser does: it asks
for a run, waits for that run's ``script_finished``, and asks again with a widget changed
— on the app the colour mode (class ↔ status: the map is restyled) or, with ``--change filter``, the
class filter (the pill "IV" on, off: the map, the result line, the details and the summary change), on
the bare page the map component's value (two map views) — so each run is a real rerun with new input.
Like the browser, a session tells the server which large messages it already holds
(``cached_message_hashes``), so unchanged elements come back as references. And like the browser, a
widget drawn inside a fragment (the app's colour choice and map: ui/map_page.py) is changed with a
``rerun_script`` that names that fragment (``ClientState.fragment_id``, the ``fragment_id`` its element's
delta carried), so the server reruns the fragment alone, as it does for a user's click: row "app". Row
"app/full" sends the same change without the fragment id, a whole-page rerun (what every change cost before
the fragments). The bare page has no fragment: each run is whole.
``--baseline-repo`` also starts the app of another checkout (e.g. ``git archive main``) in the same rotation,
the same change sent the way its page draws it (row "base": a fragment's id only if that page draws
the widget in one).

Printed per level (1, 10, 50 sessions), for the app and for the bare page started from the
same config and data in the same invocation, alternating app/bare so machine noise falls on
both: completed runs per second and the ratio app/bare (goal ≥ 0.8 with 10 sessions),
p50/p95 rerun latency (goal p95 ≤ 0.5 s with 10, ≤ 3 s with 50), the server's resident
memory per session (RSS with N sessions open minus RSS before, divided by N; goal ≤ 30 MB)
and the growth still there 2 s after they all closed (in all, not per session), errors (an exception element, a run that did not finish, a
socket that failed; goal 0). Last, rounds of 10 sessions that open, rerun and close, with the server's
RSS after each: flat when what a session held is released once it ends (the bench's servers drop closed
sessions after SESSION_TTL_S instead of Streamlit's 120 s). Loopback only; every loop is bounded in count
and time.

``--target`` measures running servers instead (e.g. two app servers behind nginx, see
deploy/): their memory is not read, only throughput and latency.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import websockets  # noqa: E402  (Streamlit's own dependency)
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from tests.browser.conftest import start_app  # noqa: E402

FIRST_RUN_TIMEOUT_S = 120
# Streamlit keeps a closed session 120 s for a reconnect (server.disconnectedSessionTTL); the bench's servers
# drop them after this many seconds, so that whether what a session held is released shows within the run.
SESSION_TTL_S = 2
RELEASE_ROUNDS = 3
RUN_TIMEOUT_S = 60
MAX_RUNS_PER_SESSION = 10_000
# The widget each change sets, by its key, and its two values (a radio's value is its option's label, pills'
# the labels of the options selected, as the browser sends them).
CHANGES = {"colour": "colour_mode", "filter": "classes"}
FILTER_PILL = "IV"
BARE_VIEWS = ({"zoom": 10, "center": {"lat": 20.94, "lng": 106.36}},
              {"zoom": 11, "center": {"lat": 20.90, "lng": 106.30}})


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    done: int = 0  # sessions that have left their run loop


class Session:
    """One browser tab's conversation with the server, without the browser."""

    def __init__(self, url: str, change: str = "colour") -> None:
        self.change = change
        parsed = urlparse(url)
        self.ws_url = f"ws://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"
        self.ws = None
        self.widgets: dict[str, WidgetState] = {}  # what the page last drew, by widget id
        self.sent: dict[str, WidgetState] = {}  # what this "user" has set, sent with every run
        self.cached: set[str] = set()
        self.fragment_of: dict[str, str] = {}  # widget id → the fragment that drew it (as the frontend keeps it)
        self.page_hash = ""
        self.fragment_id = ""  # sent with the next run: the fragment of the widget just changed, if any

    async def open(self) -> None:
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=30, ping_interval=None)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, timeout: float) -> str | None:
        """Ask for a run and read until it finishes; returns an error text, or None."""
        msg = BackMsg()
        state = msg.rerun_script
        state.page_script_hash = self.page_hash
        state.widget_states.widgets.extend(self.sent.values())
        state.cached_message_hashes.extend(self.cached)
        if self.fragment_id:
            state.fragment_id = self.fragment_id
        await self.ws.send(msg.SerializeToString())
        deadline = time.monotonic() + timeout
        error = None
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "run did not finish in time"
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), left))
            kind = fwd.WhichOneof("type")
            if fwd.metadata.cacheable and fwd.hash:
                self.cached.add(fwd.hash)
            if kind == "new_session":
                self.page_hash = self.page_hash or fwd.new_session.page_script_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                part = element.WhichOneof("type")
                if part == "exception":
                    error = error or f"exception on the page: {element.exception.message[:200]}"
                elif part and hasattr(getattr(element, part), "id") and getattr(element, part).id:
                    self.widgets[getattr(element, part).id] = getattr(element, part)
                    self.fragment_of[getattr(element, part).id] = fwd.delta.fragment_id
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page itself asked for another run (st.rerun): keep reading
                if status not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    return error or f"run ended with status {status}"
                return error

    def widget_id(self, key: str) -> str | None:
        """The id of the widget drawn with ``key`` (Streamlit puts the user key at the end)."""
        return next((wid for wid in self.widgets if wid.endswith(f"-{key}")), None)

    def component_id(self) -> str | None:
        return next((wid for wid, el in self.widgets.items() if hasattr(el, "component_name")), None)

    def set_view(self, kind: str, n: int) -> None:
        """Change one widget as a user would: view ``n % 2`` of the page ``kind`` ("app": in its fragment, as the
        browser asks; "app/full": the whole page rerun; "bare": the bare page's map)."""
        self.fragment_id = ""
        if kind in ("app", "app/full"):
            wid = self.widget_id(CHANGES[self.change])
            if wid and self.change == "colour":
                self.sent[wid] = WidgetState(id=wid, string_value=self.widgets[wid].options[n % 2])
            elif wid:
                state = WidgetState(id=wid)
                state.string_array_value.data.extend([FILTER_PILL] if n % 2 else [])
                self.sent[wid] = state
            if wid and kind == "app":
                self.fragment_id = self.fragment_of.get(wid, "")
        else:
            wid = self.component_id()
            if wid:
                self.sent[wid] = WidgetState(id=wid, json_value=json.dumps(BARE_VIEWS[n % 2]))


async def one_session(url: str, kind: str, start: asyncio.Event, stop_at: list[float], ready: asyncio.Queue,
                      result: Result, release: asyncio.Event, change: str = "colour") -> None:
    session = Session(url, change)
    try:
        await session.open()
        error = await session.run(FIRST_RUN_TIMEOUT_S)
        if error:
            result.errors.append("first run: " + error)
    except Exception as exc:  # noqa: BLE001 - a failed socket is counted, not fatal
        result.errors.append(f"connect: {type(exc).__name__}: {exc}")
        await ready.put(False)
        result.done += 1
        await session.close()
        return
    await ready.put(True)
    await start.wait()
    n = 0
    try:
        while time.monotonic() < stop_at[0] and n < MAX_RUNS_PER_SESSION:
            n += 1
            session.set_view(kind, n)
            t0 = time.monotonic()
            error = await session.run(RUN_TIMEOUT_S)
            if error:
                result.errors.append(error)
            elif time.monotonic() <= stop_at[0]:  # a run that ends after the window is not counted
                result.latencies.append(time.monotonic() - t0)
    except Exception as exc:  # noqa: BLE001
        result.errors.append(f"socket: {type(exc).__name__}: {exc}")
    result.done += 1
    await release.wait()  # stay connected until memory has been read
    await session.close()


def rss_mb(pid: int | None) -> float | None:
    """Resident memory of the server process and its children (MB), from /proc."""
    if pid is None:
        return None
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        kids = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _children(k)]


@dataclass
class Level:
    sessions: int
    runs_per_s: float
    p50: float
    p95: float
    mem_per_session: float | None
    mem_after_close: float | None
    errors: list[str]


async def measure(url: str, kind: str, sessions: int, duration: float, pid: int | None,
                  change: str = "colour") -> Level:
    before = rss_mb(pid)
    start, release = asyncio.Event(), asyncio.Event()
    stop_at = [float("inf")]
    ready: asyncio.Queue = asyncio.Queue()
    result = Result()
    tasks = [asyncio.create_task(one_session(url, kind, start, stop_at, ready, result, release, change))
             for _ in range(sessions)]
    for _ in range(sessions):
        await ready.get()
    t0 = time.monotonic()
    stop_at[0] = t0 + duration
    start.set()
    while result.done < sessions and time.monotonic() < stop_at[0] + RUN_TIMEOUT_S:
        await asyncio.sleep(0.2)
    await asyncio.sleep(0.5)
    during = rss_mb(pid)
    release.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(2.0)  # let the server end the sessions
    after = rss_mb(pid)
    lat = sorted(result.latencies)
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")  # noqa: E731
    per = (during - before) / sessions if before is not None and during is not None else None
    return Level(sessions, len(lat) / duration, pct(0.50), pct(0.95), per,
                 (after - before) if before is not None and after is not None else None, result.errors)


def start_servers(data_dir: Path, baseline_repo: Path | None = None):
    """The app, the bare page and (``baseline_repo``) the app of another checkout, each with its own store."""
    tmp = Path(tempfile.mkdtemp(prefix="planmap-load-"))
    env = {"PLANMAP_DATA_DIR": str(data_dir), "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_S)}
    servers = {"app": start_app(tmp / "app", env, log=tmp / "app.log"),
               "bare": start_app(tmp / "bare", env, script="bench/bare_map_app.py", log=tmp / "bare.log")}
    if baseline_repo is not None:
        servers["base"] = start_app(tmp / "base", env, log=tmp / "base.log", repo=baseline_repo)
    return servers, tmp


def _row(name: str, level: Level) -> str:
    mem = f"{level.mem_per_session:6.1f} MB" if level.mem_per_session is not None else "     —   "
    after = f"{level.mem_after_close:+6.1f} MB" if level.mem_after_close is not None else "     —   "
    return (f"  {name:<8} {level.runs_per_s:6.1f} runs/s   p50 {level.p50:5.2f} s   p95 {level.p95:5.2f} s   "
            f"memory/session {mem}   all sessions closed {after}   errors {len(level.errors)}")


async def main_async(args) -> None:
    levels = [int(n) for n in args.sessions.split(",")]
    if args.target:
        for n in levels:
            for url in args.target:
                level = await measure(url, "app", n, args.duration, None, args.change)
                print(f"{n} sessions → {url}")
                print(_row("app", level))
                _print_errors(level)
        return
    servers, tmp = start_servers(REPO / "data", args.baseline_repo)
    print("servers: " + ", ".join(f"{name} {url}" for name, (_, url) in servers.items())
          + f"; logs in {tmp}; {args.duration:.0f} s per level; change: {args.change}")
    # (row, server, how its colour change is sent), alternated so machine noise falls on all of them
    rows = [("app", "app", "app"), ("app/full", "app", "app/full"), ("bare", "bare", "bare")]
    if "base" in servers:
        rows.insert(2, ("base", "base", "app"))
    try:
        for _, server, kind in rows:  # warm caches and imports once
            await measure(servers[server][1], kind, 1, 2.0, None, args.change)
        for n in levels:
            got = {}
            for name, server, kind in rows:
                proc, url = servers[server]
                got[name] = await measure(url, kind, n, args.duration, proc.pid, args.change)
            bare = got["bare"].runs_per_s
            print(f"{n} sessions: throughput app/bare "
                  + ", ".join(f"{name} {got[name].runs_per_s / bare:.2f}×" if bare else f"{name} —"
                              for name, _, _ in rows if name != "bare")
                  + "  (goal ≥ 0.8 with 10 sessions)")
            for name, _, _ in rows:
                print(_row(name, got[name]))
            for name, _, _ in rows:
                _print_errors(got[name])
        for name, (proc, url) in servers.items() if args.release_rounds else ():
            rounds = await release_check(url, "bare" if name == "bare" else "app", proc.pid)
            print(f"  {name:<8} RSS after each of {RELEASE_ROUNDS} rounds of 10 sessions opened and closed: "
                  + ", ".join(f"{mb:.0f} MB" for mb in rounds) + f"  (growth {rounds[-1] - rounds[0]:+.1f} MB)")
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            try:
                proc.wait(10)
            except Exception:  # noqa: BLE001
                proc.kill()


async def release_check(url: str, kind: str, pid: int, sessions: int = 10) -> list[float]:
    """Server RSS after each of ``RELEASE_ROUNDS`` rounds of ``sessions`` sessions that open, rerun and close:
    flat if what a session held was released (and its memory reused), rising if it was kept."""
    out = []
    for _ in range(RELEASE_ROUNDS):
        await measure(url, kind, sessions, 3.0, None)
        await asyncio.sleep(SESSION_TTL_S + 3.0)  # past the TTL, and the server's next sweep
        out.append(rss_mb(pid))
    return out


def _print_errors(level: Level) -> None:
    for text in sorted(set(level.errors))[:5]:
        print(f"      error ×{level.errors.count(text)}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", default="1,10,50", help="comma-separated session counts")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of reruns per level")
    parser.add_argument("--no-release-rounds", dest="release_rounds", action="store_false",
                        help="skip the rounds of sessions opened and closed (memory released)")
    parser.add_argument("--change", choices=tuple(CHANGES), default="colour",
                        help="the widget each run changes on the app: the colour choice or the class filter")
    parser.add_argument("--target", action="append", help="measure this running server instead")
    parser.add_argument("--baseline-repo", type=Path, help="also measure the app of this checkout (e.g. main)")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
