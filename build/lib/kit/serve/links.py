"""The addresses ``kit serve`` hands out, and the QR code of the participant link."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import quote, urlencode

from .config import LIVE_BOARD, SCORING_APP, SUMMARY

__all__ = ["QR_FILE", "Links", "public_host", "print_qr", "read_join", "write_qr"]

#: The participant link in the run folder: its QR code (``.svg``, and ``.png`` for slides) and
#: the link itself (``.txt``), which the live board shows to the room.
QR_FILE = "participant-link"


@dataclass(frozen=True)
class Links:
    """The pages of a served workshop.

    Attributes
    ----------
    base : str
        ``http://HOST:PORT``, as participants reach the server.
    passcode : str
        Carried in every link (``token=``) when not empty.
    """

    base: str
    passcode: str = ""

    def page(self, notebook: str, **query: str) -> str:
        """The address of ``notebook`` (relative to the workbooks), with ``query`` and the passcode."""
        params = {k: v for k, v in query.items() if v}
        if self.passcode:
            params["token"] = self.passcode
        return f"{self.base}/voila/render/{notebook}" + (f"?{urlencode(params, quote_via=quote)}" if params else "")

    @property
    def participant(self) -> str:
        """The scoring app; each participant types their name."""
        return self.page(SCORING_APP)

    def personal(self, name: str, role: str = "") -> str:
        """The scoring app with ``name`` (and ``role``, ``it`` or ``business``) filled in."""
        return self.page(SCORING_APP, participant=name, role=role)

    @property
    def live(self) -> str:
        """The facilitator's live board."""
        return self.page(LIVE_BOARD)

    @property
    def summary(self) -> str:
        """The executive summary."""
        return self.page(SUMMARY)


def public_host(host: str) -> str:
    """The address other machines use to reach a server listening on ``host``: ``host`` itself,
    or for ``0.0.0.0`` (every network) the address of the network this machine reaches others
    through (no packet is sent to find it), else its host name."""
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # UDP: choosing a route sends nothing
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def write_qr(url: str, folder: Path) -> Path:
    """Write the QR code of ``url`` as ``folder/participant-link.svg`` and ``.png`` (for the
    live board and for slides), and ``url`` itself as ``.txt``; returns the SVG's path."""
    import segno

    folder.mkdir(parents=True, exist_ok=True)
    code = segno.make(url, error="m")
    code.save(folder / f"{QR_FILE}.png", scale=8, border=2)
    svg = folder / f"{QR_FILE}.svg"
    code.save(svg, scale=8, border=2, title="Participant link")
    (folder / f"{QR_FILE}.txt").write_text(url + "\n", encoding="utf-8")
    return svg


def read_join(folder: Path) -> tuple[str, bytes] | None:
    """The participant link and its QR code (SVG bytes) that :func:`write_qr` left in
    ``folder``, or None when it left none there."""
    try:
        url = (folder / f"{QR_FILE}.txt").read_text(encoding="utf-8").strip()
        svg = (folder / f"{QR_FILE}.svg").read_bytes()
    except FileNotFoundError:
        return None
    return (url, svg) if url and svg else None


def print_qr(url: str, out: TextIO) -> None:
    """Draw the QR code of ``url`` in the terminal, two rows of modules per line."""
    import segno

    segno.make(url, error="m").terminal(out=out, compact=True)
