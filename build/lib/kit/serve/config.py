"""The kit's Voilà configuration: ``templates/voila/voila.json``, filled in for one run.

The shipped file spells out every traitlet ``kit serve`` relies on; this module only fills in
the values of one run (address, port, passcode, the folder of workbooks, the pool size) and
writes the result into the run folder, where Voilà reads it as its ``voila.json``:

==================================================  ===========================================
``Voila.ip``, ``Voila.port``                        where to listen (``--host``, ``--port``)
``Voila.port_retries = 0``                          a busy port is an error, never another port
                                                    (the printed links would be wrong)
``Voila.token``                                     the passcode; empty: no passcode asked
``Voila.identity_provider_class``                   :class:`kit.serve.gate.PasscodeGate`, whose
                                                    login page asks for the facilitator's link
``VoilaConfiguration.template = "kit"``             Voilà's lab page without its CDN stylesheets
``VoilaConfiguration.strip_sources``,               no code and no tracebacks in the pages
``show_tracebacks = false``
``VoilaConfiguration.preheat_kernel = true``        kernels started before anyone arrives…
``VoilaKernelManager.kernel_pools_config``          …for the scoring app, :func:`pool_size` of
                                                    the participants, and one each for the live
                                                    board and the executive summary (their imports
                                                    done before the page is asked for; the
                                                    workshop is read when it is); ``default`` 0
``VoilaKernelManager.fill_delay = 30``              seconds before a used kernel is replaced, so
                                                    refills do not compete with the rush (eight
                                                    pages at once: 35-48 s with Voilà's 1-10 s,
                                                    19-22 s with 30 s, here)
``VoilaExecutor.iopub_timeout = 120``               a page waits for a slow kernel on a loaded
                                                    machine instead of giving up after 4 s
``MappingKernelManager.cull_idle_timeout = 900``,   a kernel whose page has gone (closed laptop)
``cull_interval = 60``, ``cull_connected = false``  is shut down after 15 idle minutes; an open
                                                    page keeps its kernel through a break
``KernelManager.transport = "ipc"``                 kernels talk to Voilà over socket files, not
                                                    TCP ports: kernels started together no longer
                                                    race for ports (jupyter_client #487: one of
                                                    eight died so here, its pool place dead);
                                                    ``tcp`` on Windows, which has no ``ipc``
==================================================  ===========================================
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from ..resources import TEMPLATES

__all__ = ["CONFIG_FILE", "LIVE_BOARD", "MAX_POOL", "PAGE_TEMPLATES", "SCORING_APP", "SHIPPED_CONFIG", "SPARE",
           "SINGLE_POOLS", "SUMMARY", "pool_size", "voila_config", "warm_kernels", "write_config"]

#: The configuration the kit ships (traitlets names spelled out).
SHIPPED_CONFIG = TEMPLATES / "voila" / "voila.json"

#: A Jupyter data folder holding the kit's page template, ``voila/templates/kit``; ``kit serve``
#: puts it first on ``JUPYTER_PATH`` so Voilà finds the template by its name.
PAGE_TEMPLATES = TEMPLATES / "voila" / "share"

#: The name Voilà looks for in the run folder.
CONFIG_FILE = "voila.json"

#: The apps and workbook whose links ``kit serve`` prints, relative to the workbooks folder.
SCORING_APP = "apps/scoring.ipynb"
LIVE_BOARD = "apps/live.ipynb"
SUMMARY = "05_executive_summary.ipynb"

#: The largest pool of warm scoring-app kernels. Each costs about 100 MB and a second of CPU
#: to start; 20 was measured to work on 2 cores, and Voilà's pool is known to crash when much
#: larger (voila #1178).
MAX_POOL = 20

#: The pages with one warm kernel each whatever the room's size: the facilitator's board and the
#: executives' summary, opened once or twice (as in the shipped ``voila.json``).
SINGLE_POOLS = (LIVE_BOARD, SUMMARY)

#: Warm kernels beyond one per participant, for a reload or a latecomer during the rush: once
#: the pool is used up, the next page waits for a refill, which starts only ``fill_delay`` after
#: a kernel was taken.
SPARE = 2


def pool_size(participants: int) -> int:
    """How many scoring-app kernels to keep warm for ``participants``: one each and
    :data:`SPARE` more, at most :data:`MAX_POOL`; none for none."""
    return 0 if participants <= 0 else min(int(participants) + SPARE, MAX_POOL)


def warm_kernels(config: dict[str, Any]) -> int:
    """Kernels the configuration keeps warm, every pool together (what "ready" waits for)."""
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    return sum(int(p.get("pool_size", 0)) for name, p in pools.items() if name != "default")


def voila_config(*, root: Path, participants: int, host: str, port: int, passcode: str = "",
                 ipc: bool = os.name == "posix", shipped: Path = SHIPPED_CONFIG) -> dict[str, Any]:
    """The shipped Voilà configuration with this run's values filled in.

    Parameters
    ----------
    root : Path
        The folder of workbooks Voilà serves (:data:`kit.resources.WORKBOOKS`).
    participants : int
        Expected participants; the scoring app's pool holds :func:`pool_size` kernels.
    host, port
        Where Voilà listens.
    passcode : str
        The passcode every page asks for (Voilà's token); empty: none asked.
    ipc : bool
        Kernels on socket files (the shipped ``ipc``); False: on TCP ports (Windows).
    shipped : Path
        The configuration to fill in.

    Returns
    -------
    dict
        Traitlets configuration, section by class name, as Voilà reads it from ``voila.json``.
    """
    config = copy.deepcopy(json.loads(Path(shipped).read_text(encoding="utf-8")))
    config["Voila"].update(ip=host, port=int(port), root_dir=str(Path(root).resolve()), token=passcode)
    config["VoilaKernelManager"]["kernel_pools_config"][SCORING_APP]["pool_size"] = pool_size(participants)
    if not ipc:
        config["KernelManager"]["transport"] = "tcp"
    return config


def write_config(config: dict[str, Any], folder: Path) -> Path:
    """Write ``config`` as ``folder/voila.json`` (readable by its owner only: it holds the
    passcode) and return the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_FILE
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path
