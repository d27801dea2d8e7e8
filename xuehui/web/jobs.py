"""Heavy work (audit, document generation, comparison export) in a child process with a
time limit, so the server keeps answering while it runs and can always stop.

Python threads cannot be stopped and share one interpreter lock: an audit of a huge charter
in a thread would still hold searches back and outlive its request. Each job is therefore a
forked child (it inherits the loaded corpus and rules, so it starts in milliseconds), awaited
without blocking the event loop and killed when it overruns its limit, when the request is
cancelled, or when the server shuts down (Ctrl+C reaches the child directly, too).

What the child returns or raises travels back pickled; a user error (``XuehuiError``) is
re-raised in the server as itself so its Chinese message reaches the page.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from kb.errors import XuehuiError

log = logging.getLogger("xuehui.web")
T = TypeVar("T")

JOB_SECONDS = 60.0  # an audit of a long charter takes a few seconds
MAX_JOBS = max(2, (os.cpu_count() or 2))  # concurrent children; more wait their turn
_running: set[multiprocessing.process.BaseProcess] = set()  # to stop when the server stops
_slots: asyncio.Semaphore | None = None
_slots_loop: asyncio.AbstractEventLoop | None = None


class JobTimeout(XuehuiError):
    """The job ran past its limit and was stopped."""

    def __init__(self, seconds: float, what: str) -> None:
        super().__init__(
            f"{what}超过 {seconds:g} 秒仍未完成，已停止。文件可能过大或内容异常，"
            "请确认上传的是正确的文件，或分成较小的部分后重试"
        )


class JobFailed(RuntimeError):
    """The job crashed (not the user's fault); the traceback is in the server log."""


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _rebuild(cls: type[BaseException], state: dict, text: str) -> BaseException:
    """A user error rebuilt in the server without calling its ``__init__`` (whose
    signature differs between subclasses)."""
    err = cls.__new__(cls)
    Exception.__init__(err, text)
    err.__dict__.update(state)
    return err


def stop_all() -> None:
    """Kill every running worker (the server is stopping; their requests are gone)."""
    for process in list(_running):
        if process.is_alive():
            process.kill()
        process.join(2)
        _running.discard(process)


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker if the server dies, however it dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere the alarm below still bounds the worker's life


def _child(conn: Connection, func: Callable[..., Any], args: tuple, seconds: float) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C stops the child with the server
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        _die_with_parent()
    if hasattr(os, "nice"):
        os.nice(5)  # searches and page loads in the server go first
    if hasattr(signal, "alarm"):
        signal.alarm(int(seconds) + 5)  # never outlive the limit, even if the server died
    try:
        result = ("ok", func(*args))
    except XuehuiError as err:
        result = ("user", type(err), dict(err.__dict__), str(err))
    except BaseException:  # noqa: BLE001 — reported to the server, which logs it
        result = ("crash", traceback.format_exc())
    try:
        conn.send(result)
    except Exception:  # the result could not be pickled: still say so
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()


def _semaphore() -> asyncio.Semaphore:
    global _slots, _slots_loop
    loop = asyncio.get_running_loop()
    if _slots is None or _slots_loop is not loop:
        _slots, _slots_loop = asyncio.Semaphore(MAX_JOBS), loop
    return _slots


async def run_job(
    func: Callable[..., T], *args: Any, what: str = "处理", seconds: float | None = None
) -> T:
    """``func(*args)`` in a child process; ``JobTimeout`` after ``seconds`` (default
    ``JOB_SECONDS``). ``func`` and the result must be picklable (module-level functions)."""
    limit = JOB_SECONDS if seconds is None else seconds
    async with _semaphore():
        return await _run(func, args, what, limit)


async def _run(func: Callable[..., T], args: tuple, what: str, limit: float) -> T:
    loop = asyncio.get_running_loop()
    receiver, sender = _context().Pipe(duplex=False)
    process = _context().Process(target=_child, args=(sender, func, args, limit), daemon=True)
    process.start()
    _running.add(process)
    sender.close()  # the child holds the only write end: EOF means it died
    ready: asyncio.Future[None] = loop.create_future()

    def readable() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(receiver.fileno(), readable)
    try:
        try:
            await asyncio.wait_for(ready, limit)
        except asyncio.TimeoutError:
            raise JobTimeout(limit, what) from None
        loop.remove_reader(receiver.fileno())
        try:
            message = receiver.recv()  # the child writes it whole, at once
        except EOFError:
            raise JobFailed(f"{what}: the worker died (exit code {process.exitcode})") from None
    finally:
        loop.remove_reader(receiver.fileno())
        receiver.close()
        if process.is_alive():
            process.kill()  # over time, cancelled, or the server is stopping
        process.join(2)
        _running.discard(process)
    kind = message[0]
    if kind == "ok":
        return message[1]
    if kind == "user":
        raise _rebuild(*message[1:])
    log.error("%s failed in its worker:\n%s", what, message[1])
    raise JobFailed(f"{what} failed")
