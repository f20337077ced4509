"""Writing a whole output folder safely: one writer at a time (:func:`locked`), and everything
written aside first and moved in at the end (:func:`staged`), so that a run that fails half-way
leaves the folder as it was.

Used by ``argmap build``, which writes dozens of files into one folder: two builds of different
inputs into one folder ended with a mix of both, and a build that failed on its third map left the
first two rendered over the old ones.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover (not POSIX: no lock, as before)
    fcntl = None  # type: ignore[assignment]

#: Name of the lock file :func:`locked` holds in the folder while it writes (removed after).
LOCK_NAME = ".argmap-build.lock"


class FolderBusy(Exception):
    """Another process holds the folder's lock. The message names the folder and that process."""


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock (:data:`LOCK_NAME`, an exclusive ``flock``) while the block runs; the
    folder is created if missing. The lock ends with the process, so a build that was killed
    does not block the next one.

    Raises
    ------
    FolderBusy
        Another process holds the lock (this one does not wait: it says which process to wait for).
    OSError
        The folder or the lock file cannot be made.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    if fcntl is None:  # pragma: no cover
        yield
        return
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise FolderBusy(f"another argmap build (process {holder}) is writing to {folder}; wait until it "
                             "ends, or write to another folder") from None
        try:  # the holder before us may have removed the file after we opened it: lock the file that is there
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        yield
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        os.close(fd)


@contextmanager
def staged(folder: Path) -> Iterator[Path]:
    """A hidden folder inside ``folder`` to write into; when the block ends normally, every file
    written there is moved to the same place in ``folder`` (each by an atomic rename), and the
    staging folder is removed. When the block raises (or is interrupted), the staging folder is
    removed and ``folder`` is left as it was.

    Raises
    ------
    OSError
        The staging folder cannot be made, or a file cannot be moved (``filename`` is then the
        file's place in ``folder``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".argmap-build-", dir=folder))
    try:
        yield stage
        for dirpath, _, files in os.walk(stage):
            for name in sorted(files):
                src = Path(dirpath) / name
                dest = folder / src.relative_to(stage)
                try:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(src, dest)
                except OSError as exc:
                    raise OSError(exc.errno, exc.strerror, str(dest)) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
