"""Take the network away from a query worker: a seccomp filter on Linux, sandbox-exec on macOS.

The guard refuses SERVICE before a query runs; this is the second wall, for a query the guard
misreads. Oxigraph's HTTP client is Rust code, which no Python audit hook sees, so the block
must be in the kernel: on Linux a seccomp filter (unprivileged once ``PR_SET_NO_NEW_PRIVS`` is
set) makes ``socket()``, ``socketpair()``, ``connect()`` and io_uring fail with EPERM for this
process and everything it starts, irreversibly. On macOS the worker is started under
``sandbox-exec`` with a profile that denies the network (see :func:`wrap_command`).
"""

from __future__ import annotations

import ctypes
import logging
import os
import platform
import struct
import sys
from pathlib import Path

log = logging.getLogger(__name__)

# <linux/filter.h>, <linux/seccomp.h>, <linux/audit.h>
_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_EPERM = 0x00050000 | 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_X32_BIT = 0x40000000
# Per architecture: the audit id the kernel reports, and the system calls that make sockets or
# could reach one without socket(): connect on an inherited descriptor, io_uring (its own
# socket and connect operations).
_ARCHES = {
    "x86_64": (0xC000003E, {"socket": 41, "connect": 42, "socketpair": 53}),
    "aarch64": (0xC00000B7, {"socket": 198, "socketpair": 199, "connect": 203}),
}
_IO_URING = {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427}
SANDBOX_EXEC = Path("/usr/bin/sandbox-exec")
MACOS_PROFILE = "(version 1)(allow default)(deny network*)"


class SandboxError(OSError):
    """The network could not be taken away; the caller must not run queries."""


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def seccomp_program(machine: str) -> bytes:
    """The BPF program (struct sock_filter[]) that denies sockets on ``machine``.

    >>> len(seccomp_program("x86_64")) % 8
    0
    """
    if machine not in _ARCHES:
        raise SandboxError(f"no seccomp filter for the {machine} architecture")
    arch, calls = _ARCHES[machine]
    blocked = sorted({**calls, **_IO_URING}.values())
    prog = [
        _insn(_BPF_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        _insn(_BPF_JEQ_K, 1, 0, arch),
        _insn(_BPF_RET_K, 0, 0, _RET_EPERM),  # another ABI (i386 int 0x80): nothing allowed
        _insn(_BPF_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
    ]
    if machine == "x86_64":  # x32 system calls carry this bit and have their own numbers
        prog += [_insn(_BPF_JGE_K, 0, 1, _X32_BIT), _insn(_BPF_RET_K, 0, 0, _RET_EPERM)]
    for i, nr in enumerate(blocked):
        # Jump to the EPERM return after the last test; fall through to the next test.
        prog.append(_insn(_BPF_JEQ_K, len(blocked) - i, 0, nr))
    prog += [_insn(_BPF_RET_K, 0, 0, _RET_ALLOW), _insn(_BPF_RET_K, 0, 0, _RET_EPERM)]
    return b"".join(prog)


def deny_network() -> str:
    """Take every way to open a network connection away from this process, for good.

    Returns how (for the log). Raises :class:`SandboxError` on Linux when the kernel refuses
    the filter. On macOS the parent has already started this process under ``sandbox-exec``
    (:func:`wrap_command`); elsewhere nothing more can be done here and the guard stands alone.
    A Python audit hook is added everywhere as well: it stops Python-level sockets with a
    clear message, though it cannot see Rust code.
    """
    sys.addaudithook(_audit)
    if sys.platform == "darwin":
        return "sandbox-exec" if os.environ.get("CASEGRAPH_SANDBOXED") == "1" else "audit hook"
    if not sys.platform.startswith("linux"):
        return "audit hook"
    program = seccomp_program(platform.machine())
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                           ctypes.c_ulong]  # fmt: skip
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    buf = ctypes.create_string_buffer(program, len(program))

    class _Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = _Prog(len(program) // 8, ctypes.addressof(buf))
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        raise SandboxError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) refused the filter")
    return "seccomp"


def _audit(event: str, args: tuple) -> None:
    if event.startswith("socket.") and event != "socket.gethostname":
        raise PermissionError(f"the query worker may not use the network ({event})")


def wrap_command(argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """The command that starts a worker, and extra environment: under ``sandbox-exec`` with a
    network-denying profile on macOS (deprecated by Apple but still shipped), as is elsewhere.
    """
    if sys.platform == "darwin":
        if SANDBOX_EXEC.exists():
            return [str(SANDBOX_EXEC), "-p", MACOS_PROFILE, *argv], {"CASEGRAPH_SANDBOXED": "1"}
        log.warning("no %s: the query guard alone keeps queries from the network", SANDBOX_EXEC)
    return argv, {}
