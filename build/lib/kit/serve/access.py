"""Who may come in: loopback needs nothing; any other address needs the passcode.

The passcode is Voilà's token: every link ``kit serve`` prints carries it (``?token=...``),
and a page opened without it shows the gate (:mod:`kit.serve.gate`) instead of starting a
kernel.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from ..errors import KitError

__all__ = ["ALPHABET", "Access", "decide_access", "is_loopback", "new_passcode", "same_passcode"]

#: Passcode characters that are easy to read aloud and to type: no 0/o, 1/l/i, and none of the
#: letters whose names rhyme in English (b c d e g p t v z).
ALPHABET = "afhjkmnqrsuwxy23456789"


@dataclass(frozen=True)
class Access:
    """How pages are let in: ``passcode`` (empty: no passcode asked) and, when the server can
    be reached from other machines, the ``warning`` to print."""

    passcode: str
    warning: str = ""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    return host in ("localhost", "::1") or host.startswith("127.")


def new_passcode(length: int = 6) -> str:
    """A random passcode of ``length`` characters from :data:`ALPHABET`, in groups of three
    (``k7m-q3p``) to read aloud."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(chars[i:i + 3] for i in range(0, length, 3))


def same_passcode(typed: str, passcode: str) -> bool:
    """Whether ``typed`` is ``passcode``, ignoring case, spaces and dashes (as people type
    what they hear)."""
    def plain(text: str) -> str:
        return "".join(text.split()).replace("-", "").casefold()

    return bool(passcode) and secrets.compare_digest(plain(typed), plain(passcode))


def decide_access(host: str, passcode: str | None = None) -> Access:
    """The passcode and warning for a server on ``host``.

    On loopback a passcode is used only when given. Any other address (``0.0.0.0``: every
    network of this machine) requires one: ``passcode``, or a new one.

    Raises
    ------
    KitError
        When ``passcode`` is given but blank.
    """
    if passcode is not None and not passcode.strip():
        raise KitError("--passcode is empty: give one, or leave the option out to get one generated")
    code = passcode.strip() if passcode else ""
    if is_loopback(host):
        return Access(code)
    code = code or new_passcode()
    where = "every network of this machine" if host in ("0.0.0.0", "::", "") else host
    return Access(code, f"warning: serving on {where}: anyone on that network can reach the apps; "
                        f"pages open only with the passcode {code}, carried in the links below")
