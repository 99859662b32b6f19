"""Running jobs on an executor: a Dask distributed ``Client`` or any ``concurrent.futures`` executor.

Each job is one task, :func:`kit.batch.local.run_isolated`: a kernel spawned for it on the
worker, retried when it fails to start. The workers write the executed notebooks, so the
batch folder must be one they share (always true of a ``LocalCluster``).
"""

from __future__ import annotations

import functools
import queue
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import KitError
from .execute import FAILED, Job, Outcome
from .local import Limits, run_isolated

__all__ = ["connect", "is_dask", "run_on_executor"]


def connect(address: str) -> Any:
    """A Dask distributed ``Client`` connected to the scheduler at ``address``.

    Raises
    ------
    KitError
        When Dask is not installed or the scheduler does not answer.
    """
    try:
        from distributed import Client
    except ImportError:
        raise KitError("kit batch --scheduler runs on a Dask cluster and needs Dask: "
                       "pip install 'betterment-kit[dask]'") from None
    try:
        return Client(address, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        raise KitError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def is_dask(executor: Any) -> bool:
    """Whether ``executor`` is a Dask distributed client."""
    return type(executor).__module__.split(".")[0] == "distributed"


def run_on_executor(executor: Any, jobs: Sequence[Job], done: Callable[[Outcome], None], limits: Limits) -> None:
    """Submit every job, and call ``done`` (in this thread) with each outcome as it comes.

    A task that raised (a worker lost, say) is a failed run. Ctrl-C cancels the tasks not yet
    finished and raises again; tasks already running on a cluster finish there.
    """
    finished: queue.SimpleQueue[tuple[Job, Any]] = queue.SimpleQueue()
    extra = {"pure": False} if is_dask(executor) else {}  # equal jobs are still separate runs
    futures = []
    for job in jobs:
        future = executor.submit(run_isolated, job, limits, **extra)
        future.add_done_callback(functools.partial(_hand_over, finished, job))
        futures.append(future)
    try:
        for _ in jobs:
            while True:
                try:
                    job, future = finished.get(timeout=0.25)
                    break
                except queue.Empty:
                    continue
            try:
                outcome = future.result()
            except Exception as exc:  # the task itself failed, not the workbook
                outcome = Outcome(job, FAILED, error=f"{type(exc).__name__}: {exc}", ename=type(exc).__name__,
                                  evalue=str(exc))
            done(outcome)
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def _hand_over(finished: queue.SimpleQueue[tuple[Job, Any]], job: Job, future: Any) -> None:
    finished.put((job, future))
