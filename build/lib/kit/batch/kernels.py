"""Kernels for batch runs: started ahead of their run, each used for exactly one run.

Where they come from (a *kernel source*, passed in):

* :class:`ForkServer`: forked from one process that has already imported ipykernel and the
  kit modules the workbooks import (:mod:`kit.batch.forkserver`). A kernel is ready in about
  0.1 s of CPU instead of about 2 s (a new interpreter, ipykernel, pandas, Altair, the kit).
  Linux only (``os.pidfd_open``); ``KIT_FORKSERVER=off`` turns it off.
* :class:`Spawn`: jupyter_client's own way, a new Python process per kernel, as papermill
  starts them. Everywhere else, for kernels that are not this interpreter's ipykernel, and
  on Dask workers.

Either way a :class:`Kernel` is a separate process in a session of its own (so the terminal's
Ctrl-C reaches the batch, which stops its kernels itself), used for one run and then shut
down: a run never sees another run's variables, modules or options.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import KitError

if TYPE_CHECKING:
    from jupyter_client.manager import AsyncKernelManager

__all__ = ["ForkServer", "Kernel", "KernelStartFailed", "Kernels", "Spawn", "local_kernels", "warm_modules"]

#: Passed to every kernel: quiet logs, and history kept in memory (as nbclient does), so
#: kernels running side by side do not queue for one history database.
EXTRA_ARGUMENTS = ("--IPKernelApp.log_level=ERROR", "--HistoryManager.hist_file=:memory:")

#: Libraries a fork server may import before any kernel exists: they neither hook into a
#: running IPython at import (as ipywidgets, tqdm.auto and matplotlib backends do) nor open
#: files, sockets or threads. Only the modules a workbook itself imports from these are loaded.
PRELOADABLE = ("kit", "pandas", "numpy", "altair", "scipy")


class KernelStartFailed(KitError):
    """A kernel did not come up (it died at start, lost a port race, or did not answer)."""


class Kernel:
    """One running kernel, for one run. Start it with a kernel source's ``start``."""

    def __init__(self, manager: AsyncKernelManager, cwd: Path, source: Kernels):
        self.manager, self.cwd, self._source = manager, cwd, source
        self.client: Any = None  # connected by wait_ready
        self._closed = False

    @property
    def name(self) -> str:
        """The kernel spec's name (``python3``)."""
        return self.manager.kernel_name

    @property
    def pid(self) -> int | None:
        """The kernel's process id."""
        return getattr(self.manager.provisioner, "pid", None)

    def wait_ready(self, timeout: float = 60) -> None:
        """Wait until the kernel answers, and keep the connection for the run (:attr:`client`).

        Ready means: it answered a ``kernel_info`` request, and its output channel (IOPub)
        carried the status of that request, so the run's first outputs cannot be missed.
        (jupyter_client's ``wait_for_ready`` then also waits for 0.2 s of silence; nbclient,
        which reads outputs by request, has no use for that.)

        Raises
        ------
        KernelStartFailed
            When it died first (a port taken by another process: jupyter_client #487) or did
            not answer within ``timeout`` seconds.
        """
        from jupyter_core.utils import run_sync

        async def ready() -> Any:
            client = self.manager.client()
            client.allow_stdin = False
            client.start_channels()
            deadline = time.monotonic() + timeout
            while True:
                request = client.kernel_info()
                reply = await _reply(client.shell_channel, request, 0.5)
                if reply is not None and await _reply(client.iopub_channel, request, 0.5) is not None:
                    return client
                if not await self.manager.is_alive():
                    raise RuntimeError("the kernel died before it answered")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no answer in {timeout:g} s")

        try:
            self.client = run_sync(ready)()
        except (RuntimeError, TimeoutError) as exc:
            raise KernelStartFailed(f"the kernel did not start: {exc}") from None

    def shutdown(self) -> None:
        """Ask the kernel to exit, kill it if it does not, and free its ports and files."""
        if self._closed:
            return
        self._closed = True
        from jupyter_core.utils import run_sync

        manager = self.manager

        async def stop() -> None:
            # KernelManager.shutdown_kernel, checking every 10 ms rather than 100 ms whether
            # the kernel has gone (it takes about 20 ms); without the interrupt it sends first.
            manager.shutting_down = True
            if await manager.is_alive():
                await manager.request_shutdown()
                await manager.finish_shutdown(pollinterval=0.01)
            await manager.cleanup_resources()

        for client in manager.clients:
            client.stop_channels()
        try:
            run_sync(stop)()
        except Exception:  # whatever state it is in, it must go
            self.kill()
            try:
                run_sync(manager.cleanup_resources)()
            except Exception:
                pass
        finally:
            self._source._forget(self)

    def kill(self) -> None:
        """Kill the kernel and whatever it started (its process group), from any thread."""
        provisioner = self.manager.provisioner
        process = getattr(provisioner, "process", None)
        if process is None:
            return
        group = getattr(provisioner, "pgid", None)
        if group:
            try:
                os.killpg(group, signal.SIGKILL)
            except OSError:
                pass
        try:
            process.kill()
        except OSError:
            pass


class Kernels:
    """A kernel source: starts kernels, and keeps track of the live ones to stop them all.

    This base class starts each kernel as jupyter_client does (see :class:`Spawn`).
    """

    def __init__(self, kernel_name: str = "python3"):
        self.kernel_name = kernel_name
        self._lock = threading.Lock()  # one start at a time: ports are picked per start
        self._live: set[Kernel] = set()

    def start(self, cwd: Path) -> Kernel:
        """Start a kernel in ``cwd``; it boots while the caller goes on (see :meth:`Kernel.wait_ready`).

        Raises
        ------
        KernelStartFailed
            When the kernel process could not be started.
        """
        from jupyter_core.utils import run_sync

        with self._lock:
            manager = self._manager()
            try:
                run_sync(manager.start_kernel)(cwd=str(cwd), extra_arguments=list(EXTRA_ARGUMENTS))
            except (OSError, RuntimeError, KernelStartFailed) as exc:
                raise KernelStartFailed(f"the kernel did not start: {exc}") from None
            kernel = Kernel(manager, Path(cwd), self)
            self._live.add(kernel)
        return kernel

    def _manager(self) -> AsyncKernelManager:
        return _manager_class()(kernel_name=self.kernel_name)

    def _forget(self, kernel: Kernel) -> None:
        with self._lock:
            self._live.discard(kernel)

    def live(self) -> list[Kernel]:
        """The kernels started and not yet shut down."""
        with self._lock:
            return list(self._live)

    def kill_all(self) -> None:
        """Kill every live kernel (Ctrl-C): runs on them end with a dead kernel."""
        for kernel in self.live():
            kernel.kill()

    def close(self) -> None:
        """Kill every kernel still running, and remove its connection file."""
        for kernel in self.live():
            kernel.kill()
            try:
                kernel.manager.cleanup_connection_file()
            except OSError:
                pass
            self._forget(kernel)

    def describe(self) -> str:
        """How kernels start, in a few words, for what a batch prints."""
        return "a new kernel process per run"

    def __enter__(self) -> Kernels:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Spawn(Kernels):
    """Each kernel a new Python process started by jupyter_client, as papermill starts them."""


class ForkServer(Kernels):
    """Kernels forked from a process that has imported ipykernel and ``modules`` once.

    The server process starts at once and imports while the caller does other work; the
    first :meth:`start` waits for it. If it cannot serve (it died, or found threads running),
    kernels are spawned instead. :meth:`close` stops the server, which kills the kernels it
    forked.
    """

    def __init__(self, modules: Sequence[str] = (), kernel_name: str = "python3"):
        super().__init__(kernel_name)
        self.modules = list(modules)
        requests_read, self._requests_fd = os.pipe()
        self._replies_fd, replies_write = os.pipe()
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-m", "kit.batch.forkserver", str(requests_read), str(replies_write),
                 *self.modules],
                pass_fds=(requests_read, replies_write), stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            os.close(requests_read)
            os.close(replies_write)
        self._requests = os.fdopen(self._requests_fd, "w", encoding="utf-8")
        self._replies = os.fdopen(self._replies_fd, "r", encoding="utf-8")
        self._greeted = False
        self.failure: str | None = None  # why the server cannot serve; kernels are spawned then
        self.loaded: list[str] = []

    def _manager(self) -> AsyncKernelManager:
        manager = super()._manager()
        if self.failure is None:
            manager.kernel_id = str(uuid.uuid4())
            provisioner = _fork_provisioner_class()(kernel_id=manager.kernel_id,
                                                    kernel_spec=manager.kernel_spec, parent=manager)
            provisioner.server = self
            manager.provisioner = provisioner
        return manager

    def fork(self, argv: list[str], cwd: str, env: dict[str, str]) -> int:
        """Ask the server for a kernel running ``ipykernel_launcher ARGV``; its pid.

        Called by the provisioner inside :meth:`start` (under its lock).
        """
        try:
            if not self._greeted:
                self._greeted = True
                hello = self._read()
                if "error" in hello:
                    raise KernelStartFailed(hello["error"])
                self.loaded = hello.get("modules", [])
            self._requests.write(json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n")
            self._requests.flush()
            return int(self._read()["pid"])
        except (OSError, ValueError, KeyError, KernelStartFailed) as exc:
            self.failure = f"the fork server cannot serve ({exc}); kernels are started one by one"
            raise KernelStartFailed(self.failure) from None

    def _read(self) -> dict[str, Any]:
        line = self._replies.readline()
        if not line:
            raise KernelStartFailed("the fork server stopped")
        return json.loads(line)

    def close(self) -> None:
        """Kill the live kernels, then stop the server (which kills any kernel it still has)."""
        super().close()
        for stream in (self._requests, self._replies):
            try:
                stream.close()
            except OSError:
                pass
        if self._process is not None:
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def describe(self) -> str:
        if self.failure:
            return self.failure
        return "kernels forked from one process that imported " + (", ".join(self.modules) or "ipykernel")


class _Forked:
    """What jupyter_client's provisioner needs of a kernel process it did not start itself.

    The fork server's child is not this process's child: it is watched and signalled through
    a pidfd, so a recycled pid is never signalled. Its exit status belongs to the server
    (which reaps it) and is reported as 0.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self._lock = threading.Lock()
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # already gone
            self._fd, self.returncode = None, 0

    def poll(self) -> int | None:
        with self._lock:
            if self.returncode is None and self._fd is not None and select.select([self._fd], [], [], 0)[0]:
                os.close(self._fd)
                self._fd, self.returncode = None, 0
            return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        fd = self._fd
        if fd is not None:
            try:
                select.select([fd], [], [], timeout)
            except (OSError, ValueError):  # closed meanwhile by poll()
                pass
        return self.poll()

    def send_signal(self, signum: int) -> None:
        with self._lock:
            if self._fd is not None:
                try:
                    signal.pidfd_send_signal(self._fd, signum)
                except ProcessLookupError:
                    pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def __del__(self) -> None:
        if self._fd is not None:
            os.close(self._fd)


@functools.cache
def _manager_class() -> type:
    """jupyter_client's kernel manager, keeping the clients it made so that they can be closed
    (nbclient closes its own only for kernels it started)."""
    from jupyter_client.manager import AsyncKernelManager

    class Manager(AsyncKernelManager):  # type: ignore[misc]
        def __init__(self, **kwargs: Any):
            super().__init__(**kwargs)
            self.clients: list[Any] = []

        def client(self, **kwargs: Any) -> Any:
            client = super().client(**kwargs)
            self.clients.append(client)
            return client

    return Manager


@functools.cache
def _fork_provisioner_class() -> type:
    """jupyter_client's local provisioner, launching through the fork server (built on first
    use: jupyter_client loads only when kernels start)."""
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
        """jupyter_client's local provisioner, launching through the fork server."""

        server: ForkServer | None = None

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            server = self.server
            if server is None or server.failure or not _forkable(cmd):
                return await super().launch_kernel(cmd, **kwargs)
            cwd = str(kwargs.get("cwd") or os.getcwd())
            env = dict(kwargs.get("env") or os.environ)
            pid = server.fork(cmd[3:], cwd, env)
            self.process = _Forked(pid)
            self.pid = self.pgid = pid  # the kernel leads a session of its own
            self.cwd = cwd
            return self.connection_info

    return ForkProvisioner


async def _reply(channel: Any, request: str, timeout: float) -> dict[str, Any] | None:
    """The next message on ``channel`` answering ``request`` within ``timeout`` s, else None."""
    from queue import Empty

    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = await channel.get_msg(timeout=left)
        except Empty:
            return None
        if message.get("parent_header", {}).get("msg_id") == request:
            return message
    return None


def _forkable(cmd: Sequence[str]) -> bool:
    """Whether ``cmd`` starts this interpreter's ipykernel (what the fork server can become)."""
    return len(cmd) >= 3 and cmd[0] == sys.executable and list(cmd[1:3]) == ["-m", "ipykernel_launcher"]


def fork_supported() -> bool:
    """Whether kernels can come from a :class:`ForkServer` here (Linux; not ``KIT_FORKSERVER=off``)."""
    if os.environ.get("KIT_FORKSERVER", "").lower() in {"0", "off", "no", "false"}:
        return False
    return sys.platform.startswith("linux") and hasattr(os, "pidfd_open") and hasattr(signal, "pidfd_send_signal")


def local_kernels(notebooks: Iterable[Path], kernel_name: str = "python3") -> Kernels:
    """The kernel source for runs of ``notebooks`` on this machine: a :class:`ForkServer`
    preloading what they import where forking is supported, else :class:`Spawn`."""
    if fork_supported():
        return ForkServer(warm_modules(notebooks), kernel_name=kernel_name)
    return Spawn(kernel_name)


def warm_modules(notebooks: Iterable[Path]) -> list[str]:
    """The modules a fork server imports for ``notebooks``: those their code cells import
    (``import kit``, ``from kit import scenarios`` → ``kit.scenarios``) among :data:`PRELOADABLE`,
    ``kit`` first (it keeps Altair's import from building a grammar it never uses)."""
    import nbformat

    found: list[str] = []
    for path in notebooks:
        try:
            cells = nbformat.read(str(path), as_version=4).cells
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.cell_type == "code":
                found += _imports(cell.source)
    wanted = [name for name in dict.fromkeys(found) if name.split(".")[0] in PRELOADABLE]
    return sorted(wanted, key=lambda name: name.split(".")[0] != "kit")


def _imports(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics
        return []
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*"]
    return names
