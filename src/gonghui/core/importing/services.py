"""The import services the pages call (upload → preview job, confirm → commit job, the error
report's download) and the two job handlers that run an import in the background."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from gonghui.core import jobs
from gonghui.core.db import lock_row
from gonghui.core.errors import DomainError
from gonghui.core.importing import reports
from gonghui.core.importing.declarations import get_importer
from gonghui.core.importing.engine import ImportReport, run_import
from gonghui.core.importing.readers import check_upload
from gonghui.core.importing.uploads import discard, report_name, stored, upload_dir, uploads_purge
from gonghui.core.jobs import JobFailed
from gonghui.core.models import Job, User
from gonghui.core.permissions import Denied, requires
from gonghui.core.pii import log_unmasked_export
from gonghui.core.services import import_authorize

log = logging.getLogger("gonghui.importing")


@requires("core.import.run")
def import_upload(
    *, user: User, importer_key: str, filename: str, size: int, chunks: Iterator[bytes]
) -> Job:
    """Check and store an uploaded file, then start its preview (dry run) as a job."""
    importer = get_importer(importer_key)
    import_authorize(user=user, permission=importer.permission)
    if getattr(user, "organization", None) is None:
        raise DomainError("您的账号未设置所属组织，不能导入数据")
    uploads_purge()
    ext = Path(filename).suffix.lower()
    token = uuid.uuid4().hex
    path = upload_dir() / f"{token}{ext}"
    head = b""
    written = 0
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
            for chunk in chunks:
                if not head:
                    head = chunk[:8]
                written += len(chunk)
                if written > settings.IMPORT_MAX_BYTES:
                    break
                fh.write(chunk)
        check_upload(filename, max(size, written), head)
    except DomainError:
        path.unlink(missing_ok=True)
        raise
    return jobs.enqueue(
        kind="import.preview",
        params={"importer": importer.key, "file": path.name, "filename": filename},
        user=user,
        message="等待校验",
    )


@requires("core.import.run")
def import_confirm(*, user: User, preview: Job) -> Job:
    """Start the commit of a previewed file (once); every row or none is written."""
    with transaction.atomic():
        preview = lock_row(preview)
        if preview.kind != "import.preview" or preview.created_by_id != user.pk:
            raise DomainError("只能确认自己上传的导入")
        # Again at confirm: whoever lost the role since the preview must not commit it.
        importer = get_importer(preview.params.get("importer", ""))
        import_authorize(user=user, permission=importer.permission)
        if preview.status != "done":
            raise DomainError("预览尚未完成，不能确认导入")
        result = dict(preview.result)
        if result.get("error_count"):
            raise DomainError("文件中还有错误，请修改后重新上传")
        if result.get("commit_job"):
            return Job.objects.get(pk=result["commit_job"])
        if not stored(preview.params["file"]).exists():
            raise DomainError("上传的文件已不存在，请重新上传")
        job = jobs.enqueue(
            kind="import.commit",
            params={**preview.params, "preview_job": preview.pk},
            user=user,
            total=result.get("total", 0),
            message="等待写入",
        )
        result["commit_job"] = job.pk
        Job.objects.filter(pk=preview.pk).update(result=result)
    job.refresh_from_db()
    return job


@requires("core.import.run")
def import_error_report(*, user: User, job: Job) -> tuple[Path, str]:
    """The error report the import job wrote, for the user who uploaded the file (while they may
    still import: it holds the file's personal data unmasked).

    Only looked up here: building it (for a 20 MB file half a minute) is the job's work.
    """
    if job.created_by_id != user.pk:
        raise DomainError("只能下载自己上传文件的错误报告")
    name = (job.result or {}).get("report_file")
    path = stored(name) if name else None
    if path is None or not path.is_file():
        raise DomainError("错误报告已不存在，请重新上传文件")
    importer = get_importer(job.params["importer"])
    if importer.pii_columns:
        log_unmasked_export(
            user=user,
            model=importer.model_label,
            count=int(job.result.get("error_count") or 0),
            note=f"下载导入错误报告（{job.params['filename']}）",
        )
    stem = Path(job.params["filename"]).stem
    return path, f"{stem}-错误报告.xlsx"


def _run_job(job: Job, progress: Any, *, commit: bool) -> dict[str, Any]:
    importer = get_importer(job.params["importer"])
    if commit and job.created_by is not None:
        try:  # a queued commit runs later: the uploader may have lost the role meanwhile
            import_authorize(user=job.created_by, permission=importer.permission)
        except Denied as exc:
            raise DomainError(exc.message) from None
    path = stored(job.params["file"])
    if not path.exists():
        raise DomainError("上传的文件已不存在，请重新上传")
    report = run_import(
        importer,
        path,
        filename=job.params["filename"],
        user=job.created_by,
        commit=commit,
        progress=progress,
        scope=job.org if job.org is not None else None,
    )
    result = report.as_result()
    if report.errors:
        result["report_file"] = _write_report(job, path, report, progress)
    if commit:
        if not report.committed:
            raise JobFailed(
                f"导入未执行：发现{len(report.errors)}处错误（{len(report.error_rows)}行），"
                "没有写入任何数据",
                result=result,
            )
        discard(path)  # the upload holds personal data; done with it
    return result


def _write_report(job: Job, path: Path, report: ImportReport, progress: Any) -> str:
    """Build the job's error report beside the upload; its name, or "" when that failed."""
    name = report_name(path.name, job)
    progress(0, 1, "正在生成错误报告", force=True)
    try:
        reports.error_report(
            path,
            job.params["filename"],
            report.errors,
            report.header_row,
            dest=stored(name),
            progress=progress,
        )
    except Exception:
        # The preview's counts and error list stand without the report; the page says so.
        log.exception("error report for job %s failed", job.pk)
        return ""
    return name


# Registered when the import framework is imported (DomainConfig.ready imports every domain's
# importers, which import it); core.jobs itself knows nothing of imports.
jobs.handler("import.preview", "数据导入·校验预览")(
    lambda job, progress: _run_job(job, progress, commit=False)
)
jobs.handler("import.commit", "数据导入·确认写入")(
    lambda job, progress: _run_job(job, progress, commit=True)
)
