# SPDX-License-Identifier: MIT
"""One privpol context per worker process, for distributed engines (Dask, PySpark).

A task of a distributed job is pickled on the client and unpickled on a worker. The keys
must never be inside it: pseudonyms are only as good as the secrecy of the key file
(GDPR art. 4(5): the additional information is kept separately). So the tasks built with
this module carry the *path* of the key file, and each worker process loads the keyring
from that path the first time a task needs it, builds a :class:`privpol.Context` and
keeps it in a module-level cache; every later task in the same process reuses it. The
file must be readable by the worker processes and have mode 0600:
:meth:`privpol.Keyring.load` refuses a file that its group or others may read
(:class:`privpol.PermissionDenied`), and the first task that needs it then fails.

This module must be importable on the workers under its own name (it is, for a
``distributed.LocalCluster`` started by a script next to it, since worker processes get
the parent's ``sys.path``; for a remote cluster, ``Client.upload_file`` it, or ship it with
``spark-submit --py-files``). Its functions are then pickled by reference, and the
cache below lives as long as the worker process. A function defined in a script's
``__main__`` would be pickled by value instead, cache included, and load the keys on
every task.
"""

import os
import threading
from typing import Dict, Iterable, Iterator, List, Optional, Tuple, Union

import privpol

__all__ = ["get_context", "scrub_partition", "scrub_stream", "file_blocks", "read_block",
           "scrub_block", "stats", "forget"]

# (key path, policy path, supplement path, role, region) -> (file stamps, Context).
# Guarded by _lock: a worker may run several task threads.
_contexts: Dict[Tuple, Tuple[Tuple, privpol.Context]] = {}
_lock = threading.Lock()
# What this process did, for tests and for logs: keyring loads, partitions, lines.
_stats = {"keyring_loads": 0, "partitions": 0, "lines": 0}


def _stamp(path: Optional[str]) -> Tuple:
    """Identity of a file's current content: a replaced or rotated file reloads."""
    if path is None:
        return ()
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def get_context(key_path: str, policy_path: Optional[str] = None,
                supplement_path: Optional[str] = None, role: str = "processor",
                default_region: str = "FR") -> privpol.Context:
    """The context of this process for a key file (and policy), loaded on first use.

    Later calls with the same arguments return the same :class:`privpol.Context` (it is
    thread-safe and immutable), unless one of the files changed since: then it is loaded
    again, as after a key rotation. Raises what :meth:`privpol.Keyring.load` and
    :meth:`privpol.Policy.load` raise (``PermissionDenied`` for a key file of a mode
    other than 0600, ``FileNotFoundError``/``PrivpolIOError``, ``ParseError``).
    """
    key_path = os.path.realpath(key_path)
    policy_path = os.path.realpath(policy_path) if policy_path else None
    supplement_path = os.path.realpath(supplement_path) if supplement_path else None
    name = (key_path, policy_path, supplement_path, role, default_region)
    stamp = (_stamp(key_path), _stamp(policy_path), _stamp(supplement_path))
    with _lock:
        cached = _contexts.get(name)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        policy = privpol.Policy.load(policy_path) if policy_path else None
        if policy is not None and supplement_path:
            policy = policy.supplement(supplement_path)
        elif supplement_path:
            policy = privpol.Policy.default().supplement(supplement_path)
        # The context copies the keys into its own guarded memory, so the keyring is
        # closed (and wiped) at once: nothing of the key file outlives this block but
        # the context itself.
        with privpol.Keyring.load(key_path) as keyring:
            ctx = privpol.Context(keyring, policy=policy, role=role,
                                  default_region=default_region)
        _stats["keyring_loads"] += 1
        # A replaced context is not closed here: another task thread may still be using
        # it. It is freed (and its keys wiped) when the last reference goes.
        _contexts[name] = (stamp, ctx)
        return ctx


def scrub_partition(lines: Iterable[Union[str, bytes]], key_path: str, *,
                    tenant: Optional[str] = None, tenant_field: Optional[str] = None,
                    role: str = "processor", purpose: Optional[str] = None,
                    policy_path: Optional[str] = None,
                    supplement_path: Optional[str] = None,
                    contract_period: Optional[str] = None,
                    contract_end: Optional[str] = None,
                    errors: str = "raise",
                    tenants: Optional[List[str]] = None) -> List[Optional[bytes]]:
    """Scrub one partition of JSON lines with this process's context for ``key_path``.

    Returns :meth:`privpol.Context.scrub_lines`'s result: one ``bytes`` line per input
    line, in order, without a line feed (``None`` for a bad line with
    ``errors="none"``). Only the arguments travel in the task: the lines and the paths.
    """
    lines = list(lines)
    ctx = get_context(key_path, policy_path, supplement_path, role)
    out = ctx.scrub_lines(lines, tenant=tenant, role=role, purpose=purpose,
                          tenant_field=tenant_field, contract_period=contract_period,
                          contract_end=contract_end, errors=errors, tenants=tenants)
    with _lock:
        _stats["partitions"] += 1
        _stats["lines"] += len(lines)
    return out


def scrub_stream(lines: Iterable[Union[str, bytes]], key_path: str, batch: int = 10000,
                 **kwargs) -> Iterator[Optional[bytes]]:
    """:func:`scrub_partition` over an iterator, ``batch`` lines per library call: for
    engines that hand a task an iterator over a partition larger than memory
    (PySpark's ``mapPartitions``). Yields the scrubbed lines in order."""
    chunk: List[Union[str, bytes]] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= batch:
            yield from scrub_partition(chunk, key_path, **kwargs)
            chunk = []
    if chunk:
        yield from scrub_partition(chunk, key_path, **kwargs)


def file_blocks(path: str, blocksize: int) -> List[Tuple[int, int]]:
    """Split a file into ``(start, length)`` byte ranges of about ``blocksize`` bytes for
    :func:`scrub_block`. Together the blocks hold every line of the file exactly once."""
    size = os.path.getsize(path)
    blocksize = max(1, blocksize)
    return [(start, min(blocksize, size - start)) for start in range(0, size, blocksize)]


def read_block(path: str, start: int, length: int) -> List[bytes]:
    """The lines of a file that begin in the byte range ``[start, start + length)``,
    without their line feeds (a line that began in the previous block belongs to it)."""
    end = start + length
    lines = []
    with open(path, "rb") as f:
        if start > 0:
            f.seek(start - 1)
            f.readline()  # the rest of the line that holds byte start - 1, if any
        while f.tell() < end:
            line = f.readline()
            if not line:
                break
            lines.append(line[:-1] if line.endswith(b"\n") else line)
    return lines


def scrub_block(path: str, start: int, length: int, key_path: str,
                **kwargs) -> List[Optional[bytes]]:
    """Read a block of a JSON-lines file (:func:`read_block`) and scrub it
    (:func:`scrub_partition`). The task's arguments are paths and offsets only: no
    record travels to the worker, and none is in the engine's log of a failed task
    (Dask logs a failed task's arguments)."""
    return scrub_partition(read_block(path, start, length), key_path, **kwargs)


def stats() -> Dict[str, int]:
    """Counters of this process: ``keyring_loads``, ``partitions``, ``lines``, ``pid``."""
    with _lock:
        return dict(_stats, pid=os.getpid())


def forget() -> None:
    """Close and drop every cached context of this process (the keys are wiped), e.g.
    through ``client.run(privpol_worker.forget)`` when no task is running: a close must
    not race with a call on the same context."""
    with _lock:
        for _, ctx in _contexts.values():
            ctx.close()
        _contexts.clear()
