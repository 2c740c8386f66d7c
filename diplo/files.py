"""Files written all or nothing: a file (or a site's directory) is written beside its place and
moved there only once complete, so a failure part-way (a full disk, a size limit, an error in
the data) leaves what was there before as it was."""

from __future__ import annotations

import glob
import io
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, cast

from diplo.safety import safe
from diplo.stopping import signals_held

try:
    import fcntl
except ImportError:  # (not on Windows)
    fcntl = None  # type: ignore[assignment]


@contextmanager
def output_file(path: str) -> Iterator[BinaryIO]:
    """The binary file to write ('-' for standard output), all or nothing.

    A regular file is written beside its place and moved there only once complete. A device or
    a pipe is written straight. Standard output on a terminal gets the text with its control
    characters escaped (diplo.safety.safe). A failure to write is an OSError naming the file.
    """
    if path == "-":
        with _standard_output() as stream:
            yield stream
        return
    target = Path(path)
    try:
        if target.exists() and not target.is_file():  # a device or a pipe: write straight to it
            with target.open("wb") as stream:
                yield stream
            return
        with _replacing(target) as stream:
            yield stream
    except OSError as error:
        if error.filename is not None and not Path(error.filename).name.startswith(
            f".{target.name}."
        ):
            raise  # about another file
        raise OSError(error.errno, error.strerror, path) from None


@contextmanager
def _standard_output() -> Iterator[BinaryIO]:
    if not sys.stdout.isatty():
        yield sys.stdout.buffer
    else:  # shown to a person: held, then written with its controls escaped
        held = io.BytesIO()
        yield held
        text = held.getvalue().decode("utf-8", errors="replace")
        sys.stdout.buffer.write(safe(text).encode())
    sys.stdout.buffer.flush()


@contextmanager
def _replacing(target: Path) -> Iterator[BinaryIO]:
    """A temporary file beside `target` that replaces it once written without error."""
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    name = ""
    try:
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", delete=False
        ) as stream:
            name = stream.name
            yield cast(BinaryIO, stream)
        os.chmod(name, mode)
        os.replace(name, target)
    finally:
        if name:
            Path(name).unlink(missing_ok=True)


@contextmanager
def replacing_directory(target: Path) -> Iterator[Path]:
    """A new directory beside `target`, to fill; once filled without error it takes
    `target`'s place (the old directory, if any, is then removed). On a failure it is removed
    and `target` is left as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{target.name}.new-"
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=prefix))
    held = _held(staging)  # (released when this process ends, however it ends)
    try:
        if held is not None:
            _remove_abandoned(target.parent, prefix, staging)
        yield staging
        os.chmod(staging, 0o777 & ~_umask())
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if held is not None:
            os.close(held)


ABANDONED_AFTER = 60.0
"""Seconds a staging directory has gone unchanged, with no process holding it, before another
run takes it for abandoned (a writer killed outright) and removes it."""


def _held(directory: Path) -> int | None:
    """An exclusive lock on the directory, held through the returned descriptor; None if it
    cannot be taken: another process holds it, or the system or the file system has no
    `flock` (then nothing is taken for abandoned)."""
    if fcntl is None:
        return None
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


def _remove_abandoned(parent: Path, prefix: str, own: Path) -> None:
    """Remove the staging directories of earlier runs that were killed before they could
    (SIGKILL, a power cut): those no running process holds, unchanged for `ABANDONED_AFTER`."""
    for found in parent.glob(f"{glob.escape(prefix)}*"):
        if found == own or found.is_symlink() or not found.is_dir():
            continue
        try:
            if time.time() - found.stat().st_mtime < ABANDONED_AFTER:
                continue  # (perhaps just made, not yet held)
        except OSError:
            continue
        held = _held(found)
        if held is None:
            continue  # another run is writing it
        try:
            shutil.rmtree(found, ignore_errors=True)
        finally:
            os.close(held)


def _swap(staging: Path, target: Path) -> None:
    """Put `staging` in `target`'s place: two renames, the old directory removed after."""
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
    old.rmdir()
    swapped = False
    try:
        with signals_held():  # stopped between the renames, neither site would be in place
            target.rename(old)
            try:
                staging.rename(target)
            except OSError:
                old.rename(target)  # put the old site back
                raise
            swapped = True
    finally:  # (a stop held back is acted on as the block ends: the old site goes first)
        if swapped:
            shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
