"""The socket watch for offline_flow.py (a child process of test_offline.py; not collected).

Layer 1 (Python): an audit hook sees every socket Python code creates, binds, connects or sends
with, every host name it resolves and every urllib or http.client request, in any thread.
Layer 2 (native): the process's own descriptors (/proc/self/fd) are read every few milliseconds
from a thread (and by the flow after every step). Each socket's family comes from the kernel
(getsockopt SO_DOMAIN: a socket not yet bound or connected is in no /proc table), its addresses
and state from /proc/self/net/{tcp,udp,raw}{,6}. This sees sockets Qt opens in C++, which no
Python hook can. Linux only; elsewhere the report says why the layer is off.

Local sockets (AF_UNIX) and the kernel's own channel (AF_NETLINK) never leave the machine and
are allowed: the single-instance guard listens on a local socket. Standard library only.
"""

from __future__ import annotations

import ctypes
import json
import os
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPORT_PREFIX = "OFFLINE-REPORT "
SAMPLE_EVERY_S = 0.004

AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET = 1, 2, 10, 16, 17
FAMILY_NAMES = {
    AF_UNIX: "AF_UNIX",
    AF_INET: "AF_INET",
    AF_INET6: "AF_INET6",
    AF_NETLINK: "AF_NETLINK",
    AF_PACKET: "AF_PACKET",
}
LOCAL_FAMILIES = {AF_UNIX, AF_NETLINK}
INET_TABLES = {
    "tcp": AF_INET,
    "udp": AF_INET,
    "raw": AF_INET,
    "tcp6": AF_INET6,
    "udp6": AF_INET6,
    "raw6": AF_INET6,
}
SOL_SOCKET, SO_DOMAIN = 1, 39  # Linux values
SOCKET_EVENTS = {"socket.__new__", "socket.bind", "socket.connect", "socket.sendto"}
# Events that mean reaching for a network whatever the socket: name look-ups and protocol clients.
NETWORK_EVENTS = {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyname_ex",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
    "urllib.Request",
    "http.client.connect",
    "ftplib.connect",
    "smtplib.connect",
    "poplib.connect",
    "imaplib.open",
    "nntplib.connect",
    "webbrowser.open",
}
SELF_CHECK = "self-check"


def family_name(family: int | None) -> str:
    return FAMILY_NAMES.get(family, f"family {family}") if family is not None else "none"


class PythonWatch:
    """Layer 1: every socket and name look-up Python code asks for, with the step it was in."""

    def __init__(self, where: Callable[[], str]) -> None:
        self.where = where
        self.events: list[dict[str, Any]] = []

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if event not in SOCKET_EVENTS and event not in NETWORK_EVENTS:
            return
        try:
            if event == "socket.__new__":
                family: int | None = int(args[1])
            elif event in SOCKET_EVENTS:
                family = int(args[0].family)
            else:
                family = None
            self.events.append(
                {
                    "event": event,
                    "family": family_name(family),
                    "allowed": family in LOCAL_FAMILIES,
                    "detail": repr(args[1:] if event in SOCKET_EVENTS else args)[:200],
                    "step": self.where(),
                }
            )
        except Exception as error:  # a hook must never break the code it watches
            self.events.append(
                {"event": event, "allowed": False, "detail": repr(error), "step": self.where()}
            )


class NativeWatch:
    """Layer 2: the sockets this process holds, read from the kernel, whoever opened them."""

    def __init__(self, where: Callable[[], str]) -> None:
        self.where = where
        self.available = sys.platform.startswith("linux") and Path("/proc/self/fd").is_dir()
        self.why_not = "" if self.available else f"no /proc/self/fd on {sys.platform}"
        self.seen: dict[int, dict[str, Any]] = {}  # socket inode -> what it was, and when
        self.samples = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._libc = ctypes.CDLL(None, use_errno=True) if self.available else None

    def sample(self) -> None:
        if not self.available:
            return
        with self._lock:
            self.samples += 1
            fresh = [
                (fd, inode, self._family(fd))
                for fd, inode in _socket_descriptors()
                if inode not in self.seen
            ]
            if fresh:
                self._describe(fresh)

    def start_thread(self) -> None:
        if self.available:
            threading.Thread(target=self._run, name="socket-sampler", daemon=True).start()

    def stop_thread(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY_S):
            self.sample()

    def _family(self, fd: int) -> int | None:
        value, size = ctypes.c_int(0), ctypes.c_uint32(ctypes.sizeof(ctypes.c_int))
        if self._libc.getsockopt(
            fd, SOL_SOCKET, SO_DOMAIN, ctypes.byref(value), ctypes.byref(size)
        ):
            return None  # closed since it was listed
        return value.value

    def _describe(self, fresh: list[tuple[int, int, int | None]]) -> None:
        tables = _inet_tables()
        unix = _unix_paths() if any(family == AF_UNIX for _, _, family in fresh) else {}
        step = self.where()
        for fd, inode, family in fresh:
            entry: dict[str, Any] = {"inode": inode, "fd": fd, "step": step}
            found = tables.get(inode)
            if found is not None:
                table, address, peer, state = found
                family = INET_TABLES[table] if family is None else family
                entry.update(table=table, address=address, peer=peer, state=state)
            if family is None:
                continue  # gone before it could be read: nothing to say about it
            entry["family"] = family_name(family)
            entry["allowed"] = family in LOCAL_FAMILIES
            if family == AF_UNIX:
                entry["path"] = unix.get(inode, "")
            self.seen[inode] = entry


def _socket_descriptors() -> list[tuple[int, int]]:
    found = []
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # closed while listed
            continue
        if target.startswith("socket:["):
            found.append((int(name), int(target[8:-1])))
    return found


def _inet_tables() -> dict[int, tuple[str, str, str, str]]:
    """inode -> (table, address, peer, state) for every internet socket of this process's view."""
    found = {}
    for table in INET_TABLES:
        try:
            lines = Path(f"/proc/self/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9:
                found[int(fields[9])] = (table, _address(fields[1]), _address(fields[2]), fields[3])
    return found


def _address(hex_address: str) -> str:
    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    if len(raw) == 4:
        text = ".".join(str(byte) for byte in reversed(raw))
    else:  # IPv6: four 32-bit words, each in the machine's (little-endian) order
        text = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4)).hex()
    return f"{text}:{int(port, 16)}"


def _unix_paths() -> dict[int, str]:
    found: dict[int, str] = {}
    try:
        lines = Path("/proc/self/net/unix").read_text().splitlines()[1:]
    except OSError:
        return found
    for line in lines:
        fields = line.split()
        if len(fields) >= 7:
            found[int(fields[6])] = fields[7] if len(fields) > 7 else ""
    return found


class Report:
    """What the child tells the test: steps done, sockets seen, Qt's warnings, hand-offs."""

    def __init__(self) -> None:
        self.mode = ""
        self.step = "before start"
        self.steps: list[dict[str, Any]] = []
        self.facts: dict[str, Any] = {}
        self.qt_messages: list[dict[str, str]] = []
        self.opened_urls: list[dict[str, str]] = []
        self.crashes: list[str] = []
        self.error = ""
        self.exit_code: int | None = None
        self.python = PythonWatch(lambda: self.step)
        self.native = NativeWatch(lambda: self.step)
        self._emitted = threading.Lock()

    def watch(self) -> None:
        """Both layers on, then proved live with a local socket pair both must report."""
        sys.addaudithook(self.python.hook)
        self.native.sample()
        self.native.start_thread()
        self.step = SELF_CHECK
        first, second = socket.socketpair()
        with first, second:
            self.native.sample()
        self.step = "before start"

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "steps": self.steps,
            "facts": self.facts,
            "python_events": self.python.events,
            "native": {
                "available": self.native.available,
                "why_not": self.native.why_not,
                "samples": self.native.samples,
                "sockets": list(self.native.seen.values()),
            },
            "qt_messages": self.qt_messages,
            "opened_urls": self.opened_urls,
            "crashes": self.crashes,
            "error": self.error,
            "exit_code": self.exit_code,
        }

    def emit(self) -> None:
        """Print the report once (the watchdog and the normal end may both try)."""
        if self._emitted.acquire(blocking=False):
            print(REPORT_PREFIX + json.dumps(self.as_dict(), default=str), flush=True)
