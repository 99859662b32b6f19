"""``kit serve``: a workshop's apps and workbooks on Voilà, for the people in the room.

:func:`serve_workshop` reads as its recipe: load the workshop (problems surface now, not in
the participants' pages), decide who may come in (:mod:`~kit.serve.access`), fill in the
kit's Voilà configuration (:mod:`~kit.serve.config`) and write it with the QR code into the
run folder, print the links (:mod:`~kit.serve.links`), then run Voilà until Ctrl-C
(:mod:`~kit.serve.server`). The passcode page is :mod:`~kit.serve.gate`.

No notebook is edited: every workbook and app loads ``kit.served(workshop)``, which under
``kit serve`` is the served workshop (``$KIT_SERVED_WORKSHOP``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..resources import WORKBOOKS
from .access import Access, decide_access, new_passcode
from .config import (
    MAX_POOL,
    SINGLE_POOLS,
    SPARE,
    pool_size,
    voila_config,
    warm_kernels,
    write_config,
)
from .links import Links, print_qr, public_host, write_qr
from .server import check_port, kernel_environment, run_voila

__all__ = ["RUN_FOLDER", "Access", "Links", "decide_access", "new_passcode", "pool_size", "serve_workshop",
           "voila_config"]

#: The run folder inside the workshop folder: ``voila.json`` and the QR code of the link.
RUN_FOLDER = "serve"


def serve_workshop(workshop: str | Path, *, participants: int = 8, host: str = "127.0.0.1", port: int = 8866,
                   store: str | None = None, passcode: str | None = None,
                   say: Callable[[str], None] | None = None) -> int:
    """Serve the kit's workbooks and apps on ``workshop`` until Ctrl-C; returns the exit code.

    Parameters
    ----------
    workshop : str or Path
        The workshop folder; the apps read and write it (or ``store``).
    participants : int
        Expected participants: that many scoring-app kernels and two spare are started
        before anyone arrives (at most :data:`~kit.serve.config.MAX_POOL`).
    host : str
        Address to listen on: ``127.0.0.1`` (this machine only) or ``0.0.0.0`` (every
        network; then a passcode is required, and generated when not given).
    port : int
        Port to listen on.
    store : str, optional
        The contributions store's URL (``postgresql+psycopg://...``) for the kernels
        (``$KIT_STORE``); default: the store in the workshop folder.
    passcode : str, optional
        The passcode pages ask for; carried in the printed links.
    say : callable, optional
        Prints one line; default: to standard output, ``kit serve:`` first.

    Raises
    ------
    InputError
        When the workshop has problems (as ``kit validate`` lists them).
    KitError
        When the passcode is blank or the port is taken.
    """
    from ..workshop import load_workshop

    started = time.monotonic()
    say = say or _say
    folder = Path(workshop).resolve()
    ws = load_workshop(folder)
    access = decide_access(host, passcode)
    check_port(host, port)
    run = folder / RUN_FOLDER
    warm = pool_size(participants)
    config = voila_config(root=WORKBOOKS, participants=participants, host=host, port=port, passcode=access.passcode)
    config_file = write_config(config, run)
    links = Links(f"http://{public_host(host)}:{port}", access.passcode)
    qr = write_qr(links.participant, run)
    say(f"workshop {folder}: {ws.summary()}")
    if access.warning:
        print(access.warning, file=sys.stderr, flush=True)
    say(f"configuration {config_file}; {warm} kernel{'s' if warm != 1 else ''} kept warm for the scoring app"
        + (f" (at most {MAX_POOL}: later arrivals wait for kernels to be started)"
           if participants + SPARE > warm else f" ({SPARE} spare)" if warm else "")
        + ", and one each for the live board and the executive summary")
    print(describe(links, qr), flush=True)
    print_qr(links.participant, sys.stdout)
    say("starting Voilà; Ctrl-C stops it")
    return run_voila(config_file, kernel_environment(folder, store=store, host=host), warm=warm_kernels(config),
                     say=say, started=started,
                     detail=f"{warm} for the scoring app, {len(SINGLE_POOLS)} for the live board and the summary")


def describe(links: Links, qr: Path) -> str:
    """The lines ``kit serve`` prints about where to go."""
    rows = [("passcode", links.passcode)] if links.passcode else []
    rows += [("participants", links.participant),
             ("personal", f"{links.personal('NAME')}  (NAME: the participant's name)"),
             ("live board", links.live),
             ("summary", links.summary),
             ("QR code", f"{qr} (and .png): the participant link, for the live board or a slide")]
    return "\n".join(f"  {label:>12}  {value}" for label, value in rows)


def _say(line: str) -> None:
    print(f"kit serve: {line}", flush=True)
