"""Where uploaded files and their error reports are kept (MEDIA_ROOT/imports, 0700, files 0600)
and how they go: with a commit, or after IMPORT_KEEP_HOURS."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings

from gonghui.core import clock
from gonghui.core.models import Job

UPLOAD_DIR = "imports"


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stored(name: str) -> Path:
    path = upload_dir() / Path(name).name  # never a path from outside the upload folder
    return path


def report_name(upload: str, job: Job) -> str:
    # Named after the upload (its random token first), so it is deleted with it.
    return f"{Path(upload).stem}.report-{job.pk}.xlsx"


def discard(path: Path) -> int:
    """Delete an upload and the files made from it (its error reports); returns how many."""
    token = path.name.split(".", 1)[0]
    # Scratch files (".report-…", xlsxwriter's "tmp…") have no token: only the file goes.
    siblings = {path, *(path.parent.glob(f"{token}.*") if token else ())}
    removed = 0
    for sibling in siblings:
        try:
            sibling.unlink()
            removed += 1
        except FileNotFoundError:  # removed meanwhile by a commit or another purge
            continue
    return removed


def uploads_purge(*, older_than: dt.timedelta | None = None) -> int:
    """Delete stored uploads and error reports older than IMPORT_KEEP_HOURS; returns how many.

    An upload holds personal data; one that was previewed but never confirmed would otherwise
    stay on disk for good. Called on every upload (a directory listing), so no timer is needed.
    An upload's error reports go with it.
    """
    keep = older_than or dt.timedelta(hours=getattr(settings, "IMPORT_KEEP_HOURS", 24))
    cutoff = clock.timestamp() - keep.total_seconds()
    removed = 0
    for path in upload_dir().iterdir():
        try:
            old = path.is_file() and path.stat().st_mtime < cutoff
        except FileNotFoundError:  # removed meanwhile by a commit
            continue
        if old:
            removed += discard(path)
    return removed
