"""The fork server: one process that imports ipykernel and the kit once, then forks a kernel per request.

Started by :class:`kit.batch.kernels.ForkServer` as
``python -m kit.batch.forkserver REQUESTS_FD REPLIES_FD MODULE ...``. It imports the modules,
answers ``{"ready": pid, ...}`` on the replies pipe, then reads one JSON request a line
(``{"argv": [...], "cwd": ..., "env": {...}}``), forks, and answers ``{"pid": child}``. The
child becomes an ipykernel exactly as ``python -m ipykernel_launcher ARGV`` would, in a
session of its own, in ``cwd`` with ``env``, except that the imports are already done.

Why it is safe to share: this process never runs notebook code, only imports, so every
kernel starts from the same state, the state just after ``import``. Each kernel is a process
of its own, used for one run (copy-on-write: what one kernel changes, no other sees).

When the requests pipe closes (the batch ended, or its process died), every kernel still
running is killed, so none outlives the batch; the kernels also watch this process
(``JPY_PARENT_PID``) and exit when it goes.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import importlib.util
import json
import os
import signal
import sys
import threading
import traceback
from typing import IO, Any

#: The name the kernels and this server show in ``ps`` and ``psutil.Process.name()``.
KERNEL_NAME, SERVER_NAME = b"kit-kernel", b"kit-forkserver"


def main(argv: list[str] | None = None) -> None:
    """Serve fork requests until the requests pipe closes (see the module docstring)."""
    args = sys.argv[1:] if argv is None else argv
    requests = os.fdopen(int(args[0]), "r", encoding="utf-8")
    replies = os.fdopen(int(args[1]), "w", encoding="utf-8")
    _set_process_name(SERVER_NAME)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle, not ours
    loaded = _preload(args[2:])
    threads = threading.active_count()
    if threads > 1:  # forking a process with other Python threads can copy a held lock
        _send(replies, {"error": f"{threads} threads running after the imports; forking is not safe"})
        return
    children: set[int] = set()

    def reap(signum: int, frame: Any) -> None:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)

    signal.signal(signal.SIGCHLD, reap)
    gc.freeze()  # the imported objects stay shared: the collector of a kernel never writes to them
    _send(replies, {"ready": os.getpid(), "modules": loaded})
    for line in requests:
        request = json.loads(line)
        # a child that exits before it is added must not stay in the set (its pid may be reused)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        try:
            pid = os.fork()
            if pid == 0:
                _become_kernel(request, (requests, replies))  # never returns
            children.add(pid)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        _send(replies, {"pid": pid})
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
    for pid in children:  # each kernel leads its own session: its group holds what it started
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _preload(modules: list[str]) -> list[str]:
    """Import ipykernel and ``modules`` (each that imports; the others are left to the run)."""
    import ipykernel.kernelapp  # noqa: F401

    loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the run itself will meet the error, in its notebook
            continue
        loaded.append(name)
    return loaded


def _become_kernel(request: dict[str, Any], protocol: tuple[IO[str], IO[str]]) -> None:
    """In the forked child: turn into ``python -m ipykernel_launcher ARGV``; exit when it ends."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # subprocess.run in a cell waits for its child
        signal.signal(signal.SIGINT, signal.default_int_handler)  # ipykernel sets its own
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        for stream in protocol:
            stream.close()
        os.setsid()
        _set_process_name(KERNEL_NAME)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # The kernel watches this server and exits when it goes. ipykernel read JPY_PARENT_PID
        # when it was imported, here, so the value is passed on the command line too.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        launcher = importlib.util.find_spec("ipykernel_launcher")
        sys.argv = [launcher.origin if launcher and launcher.origin else "ipykernel_launcher", *request["argv"],
                    f"--IPKernelApp.parent_handle={os.getppid()}"]
        # As ipykernel_launcher: drop the start folder from sys.path; the kernel adds '' itself.
        if sys.path:
            del sys.path[0]
        if "numpy" in sys.modules:  # its legacy global generator was seeded once, here; reseed
            sys.modules["numpy"].random.seed()
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # a kernel that cannot start says why, then exits
        traceback.print_exc()
    finally:
        # Exit as a kernel's interpreter would (atexit handlers, flushed streams), but never
        # return into the server's loop above.
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _send(replies: IO[str], message: dict[str, Any]) -> None:
    replies.write(json.dumps(message) + "\n")
    replies.flush()


def _set_process_name(name: bytes) -> None:
    """Name this process in ``ps`` (Linux ``prctl(PR_SET_NAME)``); elsewhere nothing happens."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(15, ctypes.c_char_p(name), 0, 0, 0)
    except (OSError, AttributeError):
        pass


if __name__ == "__main__":
    main()
