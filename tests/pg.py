"""A throwaway PostgreSQL server for the tests, started from Debian's binaries.

``postgres_server(base)`` runs ``initdb`` into a fresh temporary folder, starts the server on a
free loopback port with ``pg_ctl`` and yields a SQLAlchemy URL; on exit it stops the server and
removes the folder. ``initdb`` and ``postgres`` refuse to run as root, so as root (CI) both run
as an unprivileged user: Debian's ``postgres`` (there once ``apt-get install postgresql`` has
run), else a system user ``kitpg`` created once, else ``nobody``.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

SUPERUSER = "kit"     # the role initdb creates (-U); trusted, no password
DATABASE = "kit_test"
OWN_USER = "kitpg"    # created with useradd --system when root and Debian's postgres is absent
DEBIAN_BINDIRS = "/usr/lib/postgresql/*/bin"
TOOLS = ("initdb", "pg_ctl", "postgres")


class PostgresUnavailable(RuntimeError):
    """No server can be started here; the message says why."""


def _version(bindir: Path) -> tuple[int, ...]:
    """``pg_ctl --version`` of ``bindir`` as a tuple, ``()`` when it does not answer."""
    try:
        out = subprocess.run([str(bindir / "pg_ctl"), "--version"], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    found = re.search(r"(\d+(?:\.\d+)*)", out)
    return tuple(int(p) for p in found.group(1).split(".")) if found else ()


@lru_cache(maxsize=1)
def find_bindir() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres`` of the highest version among
    Debian's ``/usr/lib/postgresql/<version>/bin`` and the ``initdb`` on PATH (symlinks such as
    ``/usr/local/bin/initdb`` are followed to the folder that also holds ``postgres``)."""
    candidates = [Path(d) for d in glob.glob(DEBIAN_BINDIRS)]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.insert(0, Path(on_path).resolve().parent)
    usable: dict[Path, tuple[int, ...]] = {}
    for folder in candidates:
        folder = folder.resolve()
        if folder not in usable and all(os.access(folder / t, os.X_OK) for t in TOOLS):
            version = _version(folder)
            if version:
                usable[folder] = version
    # max() keeps the first of equal versions: the one on PATH
    return max(usable, key=usable.__getitem__) if usable else None


def _is_root() -> bool:
    return os.geteuid() == 0


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _run_user(create: bool) -> str | None:
    """Who runs initdb and postgres: None (ourselves) unless we are root."""
    if not _is_root():
        return None
    for name in ("postgres", OWN_USER):
        if _user_exists(name):
            return name
    if create and shutil.which("useradd"):
        subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", OWN_USER], capture_output=True, timeout=30)
        if _user_exists(OWN_USER):     # also when a parallel session created it first
            return OWN_USER
    return "nobody" if _user_exists("nobody") else None


def _as_user(user: str | None, argv: list[str]) -> list[str]:
    if user is None:
        return argv
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--", *argv]
    return ["su", user, "-s", "/bin/sh", "-c", shlex.join(argv)]


def _reachable(folder: Path, user: str | None) -> bool:
    """Whether ``user`` may traverse every folder from / down to ``folder``."""
    if user is None:
        return os.access(folder, os.W_OK | os.X_OK)
    entry = pwd.getpwnam(user)
    for part in [folder, *folder.parents]:
        try:
            st = part.stat()
        except OSError:
            return False
        if st.st_uid == entry.pw_uid:
            bit = stat.S_IXUSR
        elif st.st_gid == entry.pw_gid:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not st.st_mode & bit:
            return False
    return True


def _tmp_root(user: str | None) -> Path:
    """Where the server's folder goes: the temp dir, if ``user`` can reach it (pytest's
    ``/tmp/pytest-of-root`` is mode 700, so not there). Short, as a socket path must be."""
    for folder in (tempfile.gettempdir(), "/tmp", "/var/tmp"):
        if _reachable(Path(folder), user) and len(folder) < 60:
            return Path(folder)
    raise PostgresUnavailable(f"no temporary folder that {user or 'this user'} can reach")


def pg_available() -> str | None:
    """None when a server can be started here, else the reason why not."""
    if os.name != "posix":
        return "only POSIX systems are supported"
    if find_bindir() is None:
        return f"no initdb, pg_ctl and postgres in {DEBIAN_BINDIRS} or on PATH"
    try:
        import psycopg  # noqa: F401  (the driver behind postgresql+psycopg:// URLs)
    except ImportError:
        return "the psycopg driver is not installed"
    if _is_root():
        if not (shutil.which("runuser") or shutil.which("su")):
            return "running as root, and neither runuser nor su is there to drop privileges"
        if _run_user(create=False) is None and not shutil.which("useradd"):
            return "running as root, and no unprivileged user to run postgres (no postgres, nobody or useradd)"
    return None


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _run(argv: list[str], cwd: Path, timeout: float, log: Path | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}  # PGDATA, PGPORT... not ours
    try:
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PostgresUnavailable(f"{shlex.join(argv)} did not finish within {timeout:.0f} s") from None
    if done.returncode:
        detail = (done.stderr or done.stdout).strip()
        if log is not None:
            detail += "\nserver log:\n" + _tail(log)
        raise PostgresUnavailable(f"{shlex.join(argv)} failed ({done.returncode}):\n{detail}")


def _postmaster_pid(data: Path) -> int | None:
    try:
        return int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for its parent is not)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] not in ("Z", "X")


def server_pids(data: Path) -> list[int]:
    """Live processes whose command line names ``data`` (the postmaster started on it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if os.fsencode(data) in cmdline and _running(int(entry.name)):
                found.append(int(entry.name))
    return found


def _stop(pg_ctl: Path, data: Path, user: str | None, cwd: Path) -> None:
    """``pg_ctl stop -m fast``; a postmaster still there after that is killed."""
    pid = _postmaster_pid(data)
    if pid is not None and _running(pid):
        try:
            _run(_as_user(user, [str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "-t", "30", "stop"]),
                 cwd, timeout=60)
        except PostgresUnavailable:
            pass
    for leftover in server_pids(data):
        os.kill(leftover, signal.SIGKILL)   # its children notice the postmaster's death and exit
    deadline = time.monotonic() + 10
    while (pid is not None and _running(pid)) and time.monotonic() < deadline:
        time.sleep(0.05)


@contextmanager
def postgres_server(base: Path, timeout: float = 60) -> Iterator[str]:
    """A fresh PostgreSQL server on a private unix socket; yields
    ``postgresql+psycopg://kit@/kit_test?host=SOCKET_FOLDER&port=5432``.

    The data folder and the unix socket live in a new temporary folder (outside ``base``: as
    root that must be a folder the unprivileged user can reach); ``base/postgres.log`` keeps
    the server's log. On exit, also on failure, the server is stopped and the folder removed.
    """
    reason = pg_available()
    if reason:
        raise PostgresUnavailable(reason)
    bindir = find_bindir()
    assert bindir is not None
    user = _run_user(create=True)
    folder = Path(tempfile.mkdtemp(prefix="kit-pg-", dir=_tmp_root(user)))
    data, sock, log = folder / "data", folder / "sock", folder / "postgres.log"
    try:
        sock.mkdir()
        if user is not None:
            entry = pwd.getpwnam(user)
            folder.chmod(0o755)
            for path in (folder, sock):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        _run(_as_user(user, [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", SUPERUSER,
                             "--no-sync", "-E", "UTF8", "--locale=C"]), folder, timeout=120)
        # Only a unix socket in our own folder, no TCP port: nothing else on the machine can hold
        # the address, so there is no port to race for (5432 only names the socket file).
        port = 5432
        options = f"-p {port} -k {sock} -c listen_addresses= -c fsync=off"
        _run(_as_user(user, [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log),
                             "-w", "-t", str(int(timeout)), "start"]), folder, timeout + 30, log)
        createdb = bindir / "createdb"
        if not os.access(createdb, os.X_OK):  # a client: runs as anyone, root included
            createdb = Path(shutil.which("createdb") or "createdb")
        _run([str(createdb), "-h", str(sock), "-p", str(port), "-U", SUPERUSER, DATABASE], folder, 60, log)
        yield f"postgresql+psycopg://{SUPERUSER}@/{DATABASE}?host={sock}&port={port}"
    finally:
        try:
            _stop(bindir / "pg_ctl", data, user, folder)
        finally:
            try:
                base.mkdir(parents=True, exist_ok=True)
                if log.exists():
                    shutil.copyfile(log, base / "postgres.log")
            except OSError:
                pass
            shutil.rmtree(folder, ignore_errors=True)
