"""Running jobs: on this machine, ``workers`` at a time, or one job in a Dask task.

On this machine each worker is a thread that drives one kernel at a time (the kernels do the
work, in processes of their own). While a run executes, its worker has already started the
kernel for its next run, so a run never waits for a kernel to boot. Every kernel serves one
run and is shut down after it.

A kernel that fails to start (it died, or lost a port race to another process) is replaced,
up to ``retries`` times per run; the count is part of the run's outcome.

Ctrl-C (``KeyboardInterrupt`` in the calling thread) stops taking runs, kills every kernel,
waits for the workers, hands over the outcomes that had finished, and raises again.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .execute import FAILED, INTERRUPTED, SUCCEEDED, Job, Outcome, execute
from .kernels import Kernel, Kernels, KernelStartFailed, Spawn

__all__ = ["run_isolated", "run_local"]


@dataclass(frozen=True)
class Limits:
    """How long a cell may run (seconds, None: no limit), how many kernels a run may try after
    the first, and how long a kernel may take to answer."""

    cell_timeout: float | None = 600
    retries: int = 2
    start_timeout: float = 60


def run_local(jobs: Sequence[Job], done: Callable[[Outcome], None], *, kernels: Kernels, workers: int,
              limits: Limits = Limits()) -> None:
    """Run ``jobs`` on kernels from ``kernels``, ``workers`` at a time; call ``done`` (in this
    thread) with each outcome as it comes. Interrupted runs are not handed over."""
    pool = _Workers(jobs, kernels, limits)
    threads = [threading.Thread(target=pool.work, name=f"kit-batch-{i}", daemon=True)
               for i in range(max(1, min(workers, len(jobs))))]
    for thread in threads:
        thread.start()
    remaining = len(jobs)
    try:
        while remaining:
            with pool.changed:
                while not pool.finished and any(t.is_alive() for t in threads):
                    pool.changed.wait(timeout=0.25)
                if not pool.finished:
                    break  # every worker ended without handing over: nothing more will come
                outcome = pool.finished.popleft()
            remaining -= 1
            if outcome.status != INTERRUPTED:
                done(outcome)
    except BaseException:
        pool.stop.set()
        quiet = _Quiet()  # the kernels about to die are no news: papermill would say so for each
        logging.getLogger("papermill").addFilter(quiet)
        kernels.kill_all()
        for thread in threads:
            thread.join(timeout=15)
        kernels.kill_all()  # any kernel a worker started while stopping
        with pool.changed:
            late = [o for o in pool.finished if o.status != INTERRUPTED]
            pool.finished.clear()
        logging.getLogger("papermill").removeFilter(quiet)
        for outcome in late:
            done(outcome)
        raise
    for thread in threads:
        thread.join()


def run_isolated(job: Job, limits: Limits = Limits()) -> Outcome:
    """Run one job on a kernel of its own, spawned for it (a Dask task, a process pool)."""
    with Spawn() as kernels:
        outcome, _ = _run_one(job, None, kernels, limits, threading.Event(), _NoSpares())
    return outcome


class _Quiet(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


class _Workers:
    """The shared state of the worker threads: jobs to take, outcomes to hand over."""

    def __init__(self, jobs: Sequence[Job], kernels: Kernels, limits: Limits):
        self.kernels, self.limits = kernels, limits
        self.todo = deque(jobs)
        self.finished: deque[Outcome] = deque()
        self.changed = threading.Condition()
        self.stop = threading.Event()
        self.spare = 0  # kernels started ahead and not yet used

    def work(self) -> None:
        ahead: Kernel | None = None
        try:
            while not self.stop.is_set():
                with self.changed:
                    if not self.todo:
                        return
                    job = self.todo.popleft()
                    if ahead is not None:
                        self.spare -= 1
                outcome, ahead = _run_one(job, ahead, self.kernels, self.limits, self.stop, self)
                with self.changed:
                    self.finished.append(outcome)
                    self.changed.notify_all()
        finally:
            if ahead is not None:
                ahead.shutdown()
            with self.changed:
                self.changed.notify_all()

    def want_spare(self) -> bool:
        """Whether a worker should start a kernel for a later run (one per run still waiting)."""
        with self.changed:
            if self.stop.is_set() or len(self.todo) <= self.spare:
                return False
            self.spare += 1
            return True

    def release_spare(self) -> None:
        """A kernel promised by :meth:`want_spare` did not start."""
        with self.changed:
            self.spare -= 1


class _NoSpares:
    """One run alone: no kernel started ahead."""

    def want_spare(self) -> bool:
        return False

    def release_spare(self) -> None:  # pragma: no cover - never promised
        pass


def _run_one(job: Job, kernel: Kernel | None, kernels: Kernels, limits: Limits, stop: threading.Event,
             spares: _Workers | _NoSpares) -> tuple[Outcome, Kernel | None]:
    """Run ``job`` on ``kernel`` (or a new one), replacing kernels that fail to start.

    Returns the outcome and the kernel started meanwhile for a later run, if any.
    """
    retries = 0
    while True:
        try:
            if kernel is None or kernel.cwd != job.cwd:
                if kernel is not None:
                    kernel.shutdown()
                kernel = None
                kernel = kernels.start(job.cwd)
            kernel.wait_ready(limits.start_timeout)
            break
        except KernelStartFailed as exc:
            if kernel is not None:
                kernel.shutdown()
                kernel = None
            if stop.is_set():
                return Outcome(job, INTERRUPTED, retries=retries), None
            if retries >= limits.retries:
                evalue = f"{exc} ({retries + 1} kernel{'s' if retries else ''} tried)"
                return Outcome(job, FAILED, retries=retries, error=f"KernelStartFailed: {evalue}",
                               ename="KernelStartFailed", evalue=evalue), None
            retries += 1
    spare = None
    if spares.want_spare():
        try:
            spare = kernels.start(job.cwd)  # boots while this run executes
        except KernelStartFailed:
            spares.release_spare()
    try:
        outcome = execute(job, kernel, cell_timeout=limits.cell_timeout)
    except Exception as exc:  # one failed run, not a stalled batch
        outcome = Outcome(job, FAILED, error=f"{type(exc).__name__}: {exc}", ename=type(exc).__name__,
                          evalue=str(exc))
    finally:
        kernel.shutdown()
    outcome.retries = retries
    if stop.is_set() and outcome.status != SUCCEEDED:
        outcome.status = INTERRUPTED
    return outcome, spare
