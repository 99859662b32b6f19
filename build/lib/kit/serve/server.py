"""Voilà in this process: the kernels' environment, readiness, and a clean stop.

Voilà copies its own environment into every kernel it starts (pooled or not), so the served
workshop and the store reach the apps through this process's environment. Ctrl-C (SIGINT)
and SIGTERM stop the event loop the way Voilà's own SIGTERM handler does; Voilà then shuts
every kernel down (pooled ones included), and :func:`run_voila` checks that no kernel
process is left, ending any that is.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import psutil

from ..errors import KitError
from ..store.location import STORE_URL
from ..workshop import SERVED_WORKSHOP
from .config import PAGE_TEMPLATES

__all__ = ["PAGE_VARIABLES", "PATIENCE", "check_port", "kernel_environment", "kernel_processes", "prepare_environment",
           "run_voila"]

#: What Voilà hands a kernel about the page it draws. Inherited by ``kit serve`` (another
#: program left one set, a test ran an app in its own process), they would reach every kernel:
#: a warm kernel that finds ``QUERY_STRING`` already set believes its page has come, runs the
#: whole notebook before anyone arrives and never learns who opened it (seen: the pool never
#: warm, personal links not filled in).
PAGE_VARIABLES = ("QUERY_STRING", "SCRIPT_NAME", "PATH_INFO", "SERVER_SOFTWARE", "SERVER_PROTOCOL", "SERVER_PORT",
                  "SERVER_NAME", "VOILA_PREHEAT", "VOILA_KERNEL_ID", "VOILA_APP_PORT", "VOILA_BASE_URL",
                  "VOILA_SERVER_URL", "VOILA_REQUEST_URL")

#: Seconds to wait for the whole pool to be warm before saying how much of it is.
PATIENCE = 180

Say = Callable[[str], None]


def kernel_environment(workshop: Path, *, store: str | None = None, host: str = "127.0.0.1",
                       environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """What ``kit serve`` adds to its environment, for Voilà and its kernels.

    ``KIT_SERVED_WORKSHOP`` (the workshop, absolute), ``KIT_STORE`` (``store``, when given; a
    file path is made absolute, as kernels run in the workbooks' folders), ``JUPYTER_PATH``
    with the kit's page template first, and for a server on one particular address
    ``VOILA_APP_IP``, where a warm kernel asks Voilà for its page's address, and that
    address with loopback added to ``no_proxy`` / ``NO_PROXY``.

    The last one matters on machines with ``http_proxy`` or ``https_proxy`` set (corporate
    laptops, hosted runners): a warm kernel asks Voilà for its page over a websocket, and the
    ``websockets`` client sends that request through the proxy unless the address is exempt.
    The proxy cannot reach this machine's loopback, so every warm kernel would wait forever
    and no personal link would be filled in.
    """
    env = {SERVED_WORKSHOP: str(Path(workshop).resolve())}
    if store:
        env[STORE_URL] = store if "://" in store else str(Path(store).resolve())
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(PAGE_TEMPLATES), environ.get("JUPYTER_PATH", "")) if p)
    if host not in ("0.0.0.0", "::", "", "localhost") and not host.startswith("127."):
        env["VOILA_APP_IP"] = host
    exempt = _LOOPBACK + ((host,) if host not in ("0.0.0.0", "::", "") else ())
    for name in ("no_proxy", "NO_PROXY"):
        listed = [h.strip() for h in environ.get(name, "").split(",") if h.strip()]
        env[name] = ",".join(listed + [h for h in exempt if h not in listed])
    return env


#: Loopback names a proxy must never be asked for (``no_proxy`` entries).
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def prepare_environment(env: Mapping[str, str], environ: MutableMapping[str, str] = os.environ) -> None:
    """Make ``environ`` (this process's environment, which Voilà copies into every kernel) the
    one ``kit serve`` runs with: :data:`PAGE_VARIABLES` removed, ``env`` added
    (:func:`kernel_environment`)."""
    for name in PAGE_VARIABLES:
        environ.pop(name, None)
    environ.update(env)


def check_port(host: str, port: int) -> None:
    """Fail early, with a fix, when ``host:port`` is taken (Voilà would only log it).

    Raises
    ------
    KitError
        When the port cannot be bound.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise KitError(f"cannot listen on {host}:{port} ({exc.strerror}); stop the server using it "
                           f"or choose another port: kit serve ... --port {port + 1}") from None


def kernel_processes(parent: psutil.Process | None = None) -> list[psutil.Process]:
    """The kernel processes (``ipykernel_launcher``) among the descendants of ``parent``
    (default: this process)."""
    parent = parent or psutil.Process()
    found = []
    for child in parent.children(recursive=True):
        try:
            if any("ipykernel_launcher" in part for part in child.cmdline()):
                found.append(child)
        except psutil.Error:  # ended meanwhile
            continue
    return found


def run_voila(config_file: Path, env: Mapping[str, str], *, warm: int, say: Say,
              started: float | None = None, detail: str = "") -> int:
    """Serve with Voilà in this process until SIGINT or SIGTERM; returns the exit code.

    Parameters
    ----------
    config_file : Path
        The run's ``voila.json``; Voilà reads no other configuration file.
    env : mapping
        Added to this process's environment before Voilà starts (see :func:`kernel_environment`;
        :func:`prepare_environment` first removes what Voilà sets per page).
    warm : int
        Kernels in every pool together; "ready" is said once that many wait for a page.
    say : callable
        Prints one line of what is happening.
    started : float, optional
        ``time.monotonic()`` when ``kit serve`` started, for the time to ready.
    detail : str, optional
        Which pages the warm kernels are for, said with "ready".
    """
    prepare_environment(env)
    from tornado.ioloop import IOLoop, PeriodicCallback
    from voila.app import Voila

    started = time.monotonic() if started is None else started
    app = Voila(config_file_paths=[str(config_file.parent)])
    app.initialize([])
    loop = IOLoop.current()
    stopping: list[int] = []

    def stop(signum: int) -> None:
        if stopping:
            say("still shutting kernels down; one moment")
            return
        stopping.append(signum)
        say(f"{signal.Signals(signum).name}: shutting every kernel down")
        loop.stop()

    def watch_pool() -> None:
        waiting, seconds = _kernels_waiting_for_a_page(), time.monotonic() - started
        if waiting is None:
            pool_watch.stop()
        elif waiting >= warm:
            pool_watch.stop()
            say(f"ready: {warm} warm kernel{'s' if warm != 1 else ''}" + (f" ({detail})" if detail else "")
                + f", {seconds:.1f} s after start")
        elif seconds > PATIENCE:
            pool_watch.stop()
            say(f"only {waiting} of {warm} kernels warm after {seconds:.0f} s: the others did not start "
                "(see Voilà's log); pages still open, more slowly")

    pool_watch = PeriodicCallback(watch_pool, 250)

    def on_start() -> None:
        import asyncio

        running = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            running.add_signal_handler(signum, stop, signum)
        if warm:
            pool_watch.start()

    loop.add_callback(on_start)
    try:
        app.start()  # returns once the loop stopped and Voilà shut its kernels down
    except Exception as exc:
        if not stopping:
            raise
        # Voilà's shutdown can trip over a kernel that was still starting (seen: HTTP 404 for a
        # pool refill shut down twice); the kernels it did not reach are ended below
        say(f"Voilà's shutdown stopped early ({type(exc).__name__}: {exc})")
    finally:
        left = _end_kernels()
    say("stopped; no kernel left" if not left else
        f"stopped; ended {left} kernel{'s' if left != 1 else ''} Voilà had left running")
    return 0


def _end_kernels(timeout: float = 5) -> int:
    """End the kernel processes still running under this process; returns how many there were."""
    left = kernel_processes()
    for kernel in left:
        try:
            kernel.terminate()
        except psutil.NoSuchProcess:
            pass
    _gone, alive = psutil.wait_procs(left, timeout=timeout)
    for kernel in alive:
        kernel.kill()
    return len(left)


def _kernels_waiting_for_a_page() -> int | None:
    """Warm kernels that ran their notebook up to the page's address and wait for a page
    (connected to Voilà's request-info socket), or None where this Voilà does not say."""
    from voila.request_info_handler import RequestInfoSocketHandler

    waiters: Any = getattr(RequestInfoSocketHandler, "_waiters", None)
    return len(waiters) if isinstance(waiters, dict) else None
