"""Atomic writes: a file — or a whole set of files — is either fully written or left as it was.

Files are written to a hidden temporary file beside the target and renamed into place. The
temporary name is longer than the target's, so names are fitted to the file system's
255-byte limit *including* that suffix (``fit_stem``). Files get the usual 0644 permissions
(less the umask), not ``mkstemp``'s private 0600: a generated charter is meant to be shared.
Temporary files left by a run that was killed are removed by the next write to the same
target (or the next set written into the same folder).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

NAME_MAX = 255  # bytes, on every file system xuehui writes to (ext4, APFS, NTFS in UTF-16)
# ".{name}." + mkstemp's 8 random characters + ".tmp"
TEMP_RESERVE = len(".") + len(".") + 8 + len(".tmp")
SET_PREFIX = ".xuehui-set-"
STALE_SECONDS = 600  # a set folder older than this belongs to a run that did not finish

# Characters that must not end up in a file name: path separators and Windows' reserved
# characters, whitespace, control characters and bidirectional overrides (U+202E would make
# "章程‮xcod.exe" display as "章程exe.docx").
_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]+')


_KEEP_TAIL = 16  # characters kept at the end of a shortened name


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fit_stem(text: str, suffix: str = ".docx", *, fallback: str = "document") -> str:
    """A file name stem from a title: unsafe characters dropped, cut (at a character, not a
    byte) so that stem + suffix + the temporary-file reserve fit in ``NAME_MAX`` bytes."""
    stem = _UNSAFE.sub("", unicodedata.normalize("NFC", text)).strip(".") or fallback
    budget = NAME_MAX - TEMP_RESERVE - len(suffix.encode("utf-8"))
    if len(stem.encode("utf-8")) <= budget:
        return stem
    # cut in the middle: the end ("…的决议20261122") tells a set's files apart
    head, tail = stem[:-_KEEP_TAIL], "…" + stem[-_KEEP_TAIL:]
    while len((head + tail).encode("utf-8")) > budget:
        head = head[:-1]
    return head + tail


def _temp_prefix(name: str) -> str:
    """``.{name}.``, the name cut so that the temporary file's name stays within NAME_MAX."""
    while len(name.encode("utf-8")) > NAME_MAX - TEMP_RESERVE:
        name = name[:-1]
    return f".{name}."


def _clean_stale(path: Path, older_than: float) -> None:
    """Remove temporary files of ``path`` left by earlier runs (killed mid-write)."""
    prefix = _temp_prefix(path.name)
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(prefix) and name.endswith(".tmp") and len(name) == len(prefix) + 12:
            try:
                if now - entry.stat().st_mtime >= older_than:
                    os.unlink(entry.path)
            except OSError:
                pass


def _write_temp(path: Path, data: bytes) -> str:
    """``data`` in a new, fsynced temporary file beside ``path``; returns its name."""
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError) and not err.filename:  # disk full: say which file
            raise OSError(err.errno, err.strerror, str(path)) from err
        raise
    return tmp


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(path, older_than=STALE_SECONDS)
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_set(files: list[tuple[Path, bytes]]) -> list[Path]:
    """Write several files into one folder, all or nothing.

    Every file is first written into a hidden folder beside the targets; only when all of
    them are on disk are they moved into place (a rename each). If a move fails, the files
    already moved are taken out again and any file they replaced is put back, so the folder
    is left as it was. Stale temporary files and set folders of killed runs are removed.
    """
    if not files:
        return []
    folders = {Path(p).parent for p, _ in files}
    if len(folders) != 1:
        raise ValueError("write_set writes into one folder")
    folder = folders.pop()
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    _clean_stale_sets(folder)
    for path, _ in files:
        _clean_stale(Path(path), older_than=0)
    staging = Path(tempfile.mkdtemp(prefix=SET_PREFIX, suffix=".tmp", dir=folder))
    moved: list[tuple[Path, Path | None]] = []  # (target, the file it replaced, kept aside)
    try:
        staged = []
        for number, (path, data) in enumerate(files):
            tmp = staging / f"{number}.new"
            try:
                with open(tmp, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as err:
                if not err.filename or str(err.filename).startswith(str(staging)):
                    raise OSError(err.errno, err.strerror, str(path)) from err
                raise
            os.chmod(tmp, 0o666 & ~_umask())
            staged.append((Path(path), tmp))
        for number, (path, tmp) in enumerate(staged):
            old = None
            if path.exists():
                old = staging / f"{number}.old"
                os.replace(path, old)
            moved.append((path, old))
            os.replace(tmp, path)
    except BaseException:
        for path, old in reversed(moved):
            if old is not None and old.exists():
                os.replace(old, path)
            elif old is None:
                path.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(folder.iterdir()):
            folder.rmdir()
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return [Path(p) for p, _ in files]


def _clean_stale_sets(folder: Path) -> None:
    now = time.time()
    for entry in folder.glob(f"{SET_PREFIX}*.tmp"):
        try:
            if entry.is_dir() and now - entry.stat().st_mtime >= STALE_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass
