"""Uploaded supporting documents (claim papers, admission letters, signed receipts, case files):
accepted by their bytes, saved under a random name, removed again when the write fails.

    kinds = [documents.check(f) for f in uploads]           # before anything is written
    with documents.removed_on_error() as stored, transaction.atomic():
        ...
        path = documents.save(upload, kinds[0], folder=f"relief/{case.number}", stored=stored)

A document row keeps the storage path (a plain value the audit snapshot can hold), the name the
user gave the file (`display_name`), the content type and the size.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from gonghui.core.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
}


def check(upload: UploadedFile, *, column: str | None = None) -> str:
    """The content type of an acceptable document (PDF, JPEG or PNG, judged by its bytes, its
    extension matching), else a Chinese error naming the file."""
    name = upload.name or "文件"
    size = upload.size or 0
    if size == 0:
        raise DomainError(f"“{name}”是空文件", column=column)
    if size > MAX_BYTES:
        raise DomainError(
            f"“{name}”大小{size / 1024 / 1024:.1f}MB，超过{MAX_BYTES // 1024 // 1024}MB上限",
            column=column,
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((ct for sig, ct in _SIGNATURES if head.startswith(sig)), None)
    if kind is None:
        raise DomainError(f"“{name}”不是PDF或图片（JPG、PNG）文件，不能上传", column=column)
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EXTENSIONS[kind]:
        raise DomainError(f"“{name}”的扩展名与文件内容不符，请上传原始的PDF或图片", column=column)
    return kind


def display_name(name: str, limit: int = 200) -> str:
    """The uploaded file's own name as a reviewer will see it (no folders, extension kept)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "文件"
    if len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        return name[:limit]
    return stem[: limit - len(ext) - 1] + "." + ext


def save(upload: UploadedFile, kind: str, *, folder: str, stored: list[str]) -> str:
    """Save a checked upload under `folder` with a random name; the path is appended to `stored`
    (from `removed_on_error`) so a failed transaction removes the file too."""
    suffix = ".pdf" if kind == "application/pdf" else sorted(EXTENSIONS[kind])[0]
    upload.seek(0)
    path = default_storage.save(f"{folder}/{uuid.uuid4().hex}{suffix}", upload)
    stored.append(path)
    return path


@contextmanager
def removed_on_error() -> Iterator[list[str]]:
    """The database rolls back on an error; the files saved meanwhile are deleted with it."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for path in stored:
            default_storage.delete(path)
        raise
