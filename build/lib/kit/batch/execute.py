"""Executing one workbook: with papermill's own kernel (:func:`run_workbook`), or on a kernel
started ahead for it (:func:`execute`, what batches use).

Both go through ``papermill.execute_notebook``, so the executed notebook is papermill's:
parameters injected after the ``parameters`` cell, papermill's metadata, and on failure the
banner and the failing cell marked. A batch only hands papermill a kernel that is already
running (``km=``), instead of letting it start one.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import WorkbookFailed

if TYPE_CHECKING:
    from .kernels import Kernel

__all__ = ["INTERACTIVE", "Job", "Outcome", "Run", "execute", "run_workbook"]

#: Tag of workbook cells that need a live front end (widgets); batch runs skip them.
INTERACTIVE = "interactive"

#: Outcome statuses. An interrupted run (Ctrl-C) is neither: it is run again next time.
SUCCEEDED, FAILED, INTERRUPTED = "succeeded", "failed", "interrupted"


@dataclass(frozen=True)
class Run:
    """One executed workbook."""

    notebook: Path
    output: Path
    parameters: dict[str, Any]
    seconds: float


@dataclass(frozen=True)
class Job:
    """One run to do: ``notebook`` with ``parameters`` (as injected) into ``output``."""

    notebook: Path
    output: Path
    parameters: dict[str, Any]
    id: str = ""

    @property
    def cwd(self) -> Path:
        """Where the kernel runs: the workbook's own folder, as with papermill's ``cwd``."""
        return self.notebook.parent


@dataclass
class Outcome:
    """What became of a :class:`Job` (plain data: it travels back from Dask workers).

    ``cell`` is the failing cell's index in the workbook as saved (as
    :attr:`WorkbookFailed.cell <kit.errors.WorkbookFailed>`); ``retries`` counts the kernels
    that failed to start for this run before one did; ``results`` holds the scalar results the
    workbook recorded (:func:`kit.results.read`).
    """

    job: Job
    status: str
    seconds: float = float("nan")
    retries: int = 0
    error: str = ""
    cell: int | None = None
    ename: str = ""
    evalue: str = ""
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def failure(self) -> WorkbookFailed:
        """The failure as the :class:`~kit.errors.WorkbookFailed` a single run raises."""
        return WorkbookFailed(self.job.notebook, self.job.output, self.cell, self.ename, self.evalue)


def run_workbook(notebook: str | Path, output: str | Path, parameters: Mapping[str, Any] | None = None,
                 *, kernel: str = "python3", progress: bool = False, cell_timeout: int | None = 600) -> Run:
    """Execute one workbook with papermill, from the workbook's own folder.

    A ``workshop`` parameter naming an existing folder relative to the current directory is
    made absolute, so ``{"workshop": "datasets/demo"}`` means what the caller sees.

    Cells tagged ``interactive`` (sliders, forms: they need a person and a live front end)
    are skipped: in batch runs they add nothing, and widget traffic is what now and then left
    nbclient waiting for a reply that never came. ``cell_timeout`` (seconds per cell) turns a
    hung kernel into a failed run instead of a stalled batch. The output is written once at
    the end (and on failure, with the failing cell marked), not after every cell: each save of
    a notebook carrying its chart bundle costs tens of milliseconds.

    Raises
    ------
    WorkbookFailed
        When a cell raises; ``output`` is still written with the failing cell marked.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    notebook, output = Path(notebook).resolve(), Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    parameters = resolve_workshop(parameters or {})
    start = time.perf_counter()
    try:
        pm.execute_notebook(str(notebook), str(output), parameters=parameters, kernel_name=kernel,
                            cwd=str(notebook.parent), progress_bar=progress, log_output=False,
                            execution_timeout=cell_timeout, request_save_on_cell_execute=False,
                            skip_cells_with_tag=INTERACTIVE,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except PapermillExecutionError as exc:
        cell = _source_index(notebook, exc.cell_index, injected=bool(parameters))
        raise WorkbookFailed(notebook, output, cell, exc.ename, exc.evalue) from None
    return Run(notebook, output, parameters, time.perf_counter() - start)


def resolve_workshop(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """``parameters`` with a ``workshop`` folder given relative to where the caller stands made
    absolute (the workbook runs from its own folder)."""
    resolved = dict(parameters)
    folder = resolved.get("workshop")
    if isinstance(folder, str) and Path(folder).is_dir():
        resolved["workshop"] = str(Path(folder).resolve())
    return resolved


def execute(job: Job, kernel: Kernel, *, cell_timeout: float | None = 600) -> Outcome:
    """Execute ``job`` on ``kernel`` (started and ready; this function does not shut it down).

    The same papermill call as :func:`run_workbook`, handed the running kernel. A cell that
    runs past ``cell_timeout`` seconds is interrupted, so it shows as the failing cell of a
    notebook that is still written. Returns the outcome instead of raising: a failed run is
    one row of a batch.
    """
    import papermill as pm
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    job.output.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        pm.execute_notebook(str(job.notebook), str(job.output), parameters=job.parameters, engine_name=_engine(),
                            kernel_name=kernel.name, km=kernel.manager, kc=kernel.client, progress_bar=False,
                            log_output=False,
                            execution_timeout=cell_timeout, interrupt_on_timeout=True,
                            request_save_on_cell_execute=False, skip_cells_with_tag=INTERACTIVE)
    except PapermillExecutionError as exc:
        cell = _source_index(job.notebook, exc.cell_index, injected=bool(job.parameters))
        ename, evalue = exc.ename, exc.evalue
        if ename == "KeyboardInterrupt" and cell_timeout and time.perf_counter() - start >= cell_timeout:
            ename, evalue = "CellTimeout", f"the cell ran longer than {cell_timeout:g} s and was interrupted"
        return Outcome(job, FAILED, time.perf_counter() - start, error=f"{ename}: {evalue}", cell=cell,
                       ename=ename, evalue=evalue)
    except DeadKernelError as exc:
        evalue = f"the kernel died during the run ({exc})"
        return Outcome(job, FAILED, time.perf_counter() - start, error=f"DeadKernelError: {evalue}",
                       ename="DeadKernelError", evalue=evalue)
    seconds = time.perf_counter() - start
    return Outcome(job, SUCCEEDED, seconds, results=recorded_scalars(job.output))


#: The papermill engine batches use (:func:`_engine`).
ENGINE = "kit-running-kernel"


@functools.cache
def _engine() -> str:
    """Register, once, papermill's nbclient engine handed a kernel that is running and a client
    already connected to it (papermill's engine hook; its own engine would connect a second
    client and wait for the kernel again). Returns the engine's name."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class Client(PapermillNotebookClient):
        def __init__(self, nb_man: Any, km: Any = None, kc: Any = None, **kw: Any):
            super().__init__(nb_man, km=km, **kw)
            self.kc = kc  # nbclient connects a client of its own only when there is none

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None, start_timeout: int = 60,
                                     execution_timeout: float | None = None, **kwargs: Any) -> Any:
            # NBClientEngine.execute_managed_notebook (papermill 2.6), with the client above
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(safe_kwargs, timeout=execution_timeout or kwargs.get("timeout"),
                                        startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                                        log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            return Client(nb_man, **final_kwargs).execute()

    papermill_engines.register(ENGINE, Engine)
    return ENGINE


def recorded_scalars(notebook: Path) -> dict[str, Any]:
    """The results recorded in an executed notebook that fit in one cell of a table."""
    from ..results import read

    return {name: value for name, value in read(notebook).items()
            if value is None or isinstance(value, (bool, int, float, str))}


def _source_index(notebook: Path, executed_index: int | None, *, injected: bool) -> int | None:
    """The index in ``notebook`` of the cell papermill reports at ``executed_index``.

    Papermill counts cells of the executed copy, where its injected-parameters cell sits
    right after the cell tagged ``parameters`` (first when there is none); the user knows the
    workbook as saved.
    """
    import nbformat

    if executed_index is None or not injected:
        return executed_index
    cells = nbformat.read(str(notebook), as_version=4).cells
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    injected_at = tagged[0] + 1 if tagged else 0
    return executed_index - 1 if executed_index > injected_at else executed_index
