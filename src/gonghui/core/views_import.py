"""Pages of the 数据导入 wizard (choose → upload → preview → confirm → result) and 后台任务."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from gonghui.core import importing, jobs
from gonghui.core.errors import DomainError
from gonghui.core.exporting import XLSX_TYPE
from gonghui.core.models import Job, JobStatus
from gonghui.core.permissions import Denied, authorize, can, route_action
from gonghui.core.web import download, page


@login_required
@require_http_methods(["GET", "POST"])
@route_action("core.import.run")
def import_start(request: HttpRequest) -> HttpResponse:
    """Step 1–2: choose what to import and upload the file."""
    authorize(request.user, "core.import.run")
    # Only the importers whose own action the table allows this user.
    choices = [i for i in importing.importers().values() if can(request.user, i.permission)]
    if not choices:
        raise Denied("您的账号无权导入任何数据", action="core.import.run")
    error = ""
    selected = request.POST.get("importer") or request.GET.get("importer") or choices[0].key
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择要上传的文件"
        else:
            try:
                job = importing.import_upload(
                    user=request.user,  # type: ignore[arg-type]
                    importer_key=selected,
                    filename=upload.name or "",
                    size=upload.size or 0,
                    chunks=upload.chunks(),
                )
            except DomainError as exc:
                error = exc.message
            else:
                return redirect("core:job_detail", pk=job.pk)
    user: Any = request.user  # login_required: an authenticated core.User
    recent = jobs.jobs_for(user).filter(created_by_id=user.pk, kind__startswith="import.")[:10]
    return render(
        request,
        "core/import_start.html",
        {
            "importers": choices,
            "selected": selected,
            "error": error,
            "recent": [(job, jobs.job_label(job)) for job in recent],
            "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def import_template(request: HttpRequest, key: str) -> HttpResponse:
    """The .xlsx template of one importer."""
    authorize(request.user, "core.import.run")
    try:
        importer = importing.get_importer(key)
    except DomainError:
        raise Http404("未知的导入类型") from None
    return download(
        importing.template(importer),
        filename=f"{importer.label}导入模板.xlsx",
        fallback="template.xlsx",
        content_type=XLSX_TYPE,
    )


def _job_for(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(jobs.jobs_for(request.user), pk=pk)  # type: ignore[arg-type]


@page("core.import.run", post=True)
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 4: confirm a clean preview; the commit runs as a job."""
    preview = _job_for(request, pk)
    try:
        job = importing.import_confirm(user=request.user, preview=preview)  # type: ignore[arg-type]
    except DomainError as exc:
        return _detail(request, preview, error=exc.message, status=400)
    return redirect("core:job_detail", pk=job.pk)


@login_required
@require_GET
def import_error_report(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The uploaded sheet with the bad cells marked, as the import job wrote it."""
    authorize(request.user, "core.import.run")
    job = _job_for(request, pk)
    try:
        path, filename = importing.import_error_report(user=request.user, job=job)  # type: ignore[arg-type]
    except DomainError as exc:
        return _detail(request, job, error=exc.message, status=404)
    # The job built the file; the request only streams it.
    return download(
        path.open("rb"),
        filename=filename,
        fallback="import-errors.xlsx",
        content_type=XLSX_TYPE,
    )


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    """后台任务: the jobs of the user's subtree."""
    authorize(request.user, "core.job.view")
    page = Paginator(jobs.jobs_for(request.user), 50).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    rows = [(jobs.live(job), jobs.job_label(job)) for job in page]
    return render(request, "core/job_list.html", {"page": page, "rows": rows})


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One job; htmx polls it every second while it runs (the page reloads when it ends)."""
    authorize(request.user, "core.job.view")
    job = jobs.live(_job_for(request, pk))
    running = job.status in (JobStatus.PENDING, JobStatus.RUNNING)
    if getattr(request, "htmx", False):
        response = render(request, "core/job_progress.html", {"job": job, "running": running})
        if not running:
            response["HX-Refresh"] = "true"
        return response
    return _detail(request, job)


def _detail(request: HttpRequest, job: Job, *, error: str = "", status: int = 200) -> HttpResponse:
    running = job.status in (JobStatus.PENDING, JobStatus.RUNNING)
    context: dict[str, Any] = {
        "job": job,
        "running": running,
        "label": jobs.job_label(job),
        "error": error,
        "is_import": job.kind.startswith("import."),
        "is_mine": job.created_by_id == request.user.pk,
    }
    if context["is_import"]:
        result = job.result or {}
        try:
            importer = importing.get_importer(job.params.get("importer", ""))
        except DomainError:
            importer = None
        context.update(
            importer=importer,
            result=result,
            commit=job.kind == "import.commit",
            filename=job.params.get("filename", ""),
            can_confirm=(
                job.kind == "import.preview"
                and job.status == JobStatus.DONE
                and not result.get("error_count")
                and not result.get("commit_job")
                and context["is_mine"]
                and importer is not None
                and can(request.user, "core.import.run")
                and can(request.user, importer.permission)
            ),
            more_errors=max(result.get("error_count", 0) - len(result.get("errors", [])), 0),
        )
    return render(request, "core/job_detail.html", context, status=status)
