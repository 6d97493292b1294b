"""Background jobs with progress the pages poll (imports now; planner runs and exports later).

Backends (settings.JOBS_BACKEND):
- "thread" (default): an embedded daemon thread in the web process; it closes its own
  database connection when done. A job still "running" when the process restarts stays so;
  `jobs_fail_stale()` marks such jobs failed.
- "redis" (when settings.REDIS_URL is set): huey on Redis (RedisHuey). A consumer process is
  then required: `run_consumer()` below (the lead wires it as `gonghui run_huey`; until then:
  `DJANGO_SETTINGS_MODULE=gonghui.settings python -c "import django; django.setup();
  from gonghui.core.jobs import run_consumer; run_consumer()"`).
- "sync": run inline in the caller (tests, management commands), deterministic.

A handler registered with @handler("kind") receives the Job and a Progress callable and returns
the JSON result; raising DomainError (or JobFailed, which also carries a result) fails the job with
its Chinese message.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.db.models import QuerySet
from django.utils.module_loading import autodiscover_modules

from gonghui.core import clock
from gonghui.core.errors import DomainError
from gonghui.core.middleware import acting_as
from gonghui.core.models import Job, JobStatus, Organization, User
from gonghui.core.scope import scoped

log = logging.getLogger("gonghui.jobs")

JobResult = dict[str, Any]
Handler = Callable[[Job, "Progress"], JobResult]
_HANDLERS: dict[str, Handler] = {}
KIND_LABELS: dict[str, str] = {}

# Progress reported from inside a transaction cannot be seen by other connections; it is kept
# here for pages served by this process (thread backend) and, on PostgreSQL, also written
# through a second connection.
_LIVE: dict[int, tuple[int, int, str]] = {}
_LIVE_LOCK = threading.Lock()


class JobFailed(DomainError):
    """Fail a job with a Chinese message and keep a result (e.g. the rows in error)."""

    def __init__(self, message: str, *, result: JobResult | None = None):
        super().__init__(message)
        self.result = result or {}


def handler(kind: str, label: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of `kind` (label: Chinese name for the pages)."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        KIND_LABELS[kind] = label
        return fn

    return register


class Progress:
    """Callable `progress(done, total, message)`; writes at most a few times a second."""

    interval = 0.5

    def __init__(self, job: Job):
        self.job_id = job.pk
        self._last = 0.0
        self._side: Any = None

    def __call__(self, done: int, total: int, message: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.interval and done < total:
            return
        self._last = now
        message = message[:500]
        with _LIVE_LOCK:
            _LIVE[self.job_id] = (done, total, message)
        if not connection.in_atomic_block:
            try:
                Job.objects.filter(pk=self.job_id).update(
                    progress=done, total=total, message=message
                )
            except OperationalError:  # best effort: a busy database must not fail the job
                log.warning("progress update for job %s skipped", self.job_id, exc_info=True)
        elif connection.vendor == "postgresql":
            self._write_side(done, total, message)

    def _write_side(self, done: int, total: int, message: str) -> None:
        try:
            if self._side is None:
                self._side = connections.create_connection("default")
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Job._meta.db_table} SET progress=%s, total=%s, message=%s "
                    "WHERE id=%s",
                    [done, total, message, self.job_id],
                )
        except Exception:  # progress is best effort; the job itself must not fail on it
            log.exception("progress update for job %s failed", self.job_id)

    def close(self) -> None:
        with _LIVE_LOCK:
            _LIVE.pop(self.job_id, None)
        if self._side is not None:
            self._side.close()
            self._side = None


def live(job: Job) -> Job:
    """The job with in-process progress applied (while its transaction hides the DB row's)."""
    with _LIVE_LOCK:
        state = _LIVE.get(job.pk)
    if state is not None and job.status in (JobStatus.PENDING, JobStatus.RUNNING):
        job.progress, job.total, job.message = state
    return job


def enqueue(
    *,
    kind: str,
    params: dict[str, Any],
    user: User | None,
    org: Organization | None = None,
    total: int = 0,
    message: str = "排队中",
) -> Job:
    """Create a job and start it on the configured backend (after the current transaction)."""
    if kind not in _HANDLERS:
        _discover()
    if kind not in _HANDLERS:
        raise DomainError(f"未知的任务类型“{kind}”")
    job = Job.objects.create(
        kind=kind,
        params=params,
        created_by=user,
        org=org if org is not None else getattr(user, "organization", None),
        total=total,
        message=message,
    )
    backend = getattr(settings, "JOBS_BACKEND", "thread")
    if backend == "sync":
        run_job(job.pk)
        job.refresh_from_db()
    elif backend == "redis":
        task = _huey_task()
        transaction.on_commit(lambda: task(job.pk))
    else:
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _discover() -> None:
    # Handlers register themselves where their domain keeps them: an app's jobs module, or its
    # importers (the import framework they build on registers the import jobs). DomainConfig.ready
    # imports both at startup; this is for a kind asked for before that happened.
    autodiscover_modules("jobs", "importers")


def run_job(job_id: int) -> None:
    """Run one job to completion, recording status, result and errors; safe to call twice."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING, message="进行中"
    )
    if not claimed:
        return
    job = Job.objects.select_related("created_by", "org").get(pk=job_id)
    if job.kind not in _HANDLERS:
        _discover()
    fn = _HANDLERS.get(job.kind)
    progress = Progress(job)
    try:
        if fn is None:
            raise DomainError(f"未知的任务类型“{job.kind}”")
        with acting_as(job.created_by):
            result = fn(job, progress)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.DONE,
            result=result or {},
            finished_at=clock.now(),
            progress=_final_total(job_id),
            total=_final_total(job_id),
            message="已完成",
        )
    except DomainError as exc:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            message=exc.message[:500],
            result=getattr(exc, "result", {}) or {},
            finished_at=clock.now(),
        )
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            message=f"任务执行出错，请联系管理员（任务编号{job_id}）",
            finished_at=clock.now(),
        )
    finally:
        progress.close()


def _final_total(job_id: int) -> int:
    with _LIVE_LOCK:
        state = _LIVE.get(job_id)
    if state is not None:
        return max(state[0], state[1])
    return Job.objects.filter(pk=job_id).values_list("total", flat=True).first() or 0


def _start_thread(job_id: int) -> None:
    thread = threading.Thread(
        target=_thread_main, args=(job_id,), name=f"job-{job_id}", daemon=True
    )
    thread.start()


def _thread_main(job_id: int) -> None:
    try:
        run_job(job_id)
    finally:
        connections.close_all()  # this thread's connections only (they are thread-local)


def jobs_fail_stale(*, older_than_hours: int = 12) -> int:
    """Mark jobs left running by a stopped process as failed; returns how many."""
    cutoff = clock.now() - dt.timedelta(hours=older_than_hours)
    return Job.objects.filter(
        status__in=[JobStatus.PENDING, JobStatus.RUNNING], created_at__lt=cutoff
    ).update(
        status=JobStatus.FAILED,
        message="任务因服务重启而中断，请重新发起",
        finished_at=clock.now(),
    )


# ---------------------------------------------------------------- huey (Redis)

_huey: Any = None
_task: Any = None


def get_huey() -> Any:
    """The RedisHuey instance (created on first use so the thread backend never needs Redis)."""
    global _huey, _task
    if _huey is None:
        from huey import RedisHuey

        immediate = bool(getattr(settings, "HUEY_IMMEDIATE", False))
        kwargs: dict[str, Any] = {"immediate": immediate}
        if settings.REDIS_URL and not immediate:
            kwargs["url"] = settings.REDIS_URL
        _huey = RedisHuey(getattr(settings, "HUEY_NAME", "gonghui"), **kwargs)

        @_huey.task(name="gonghui.run_job")
        def _run(job_id: int) -> None:
            try:
                run_job(job_id)
            finally:
                if not _huey.immediate:  # immediate mode runs in the caller's connection
                    connections.close_all()

        _task = _run
    return _huey


def _huey_task() -> Any:
    get_huey()
    return _task


def reset_huey() -> None:
    """Forget the huey instance (tests switch between immediate and Redis)."""
    global _huey, _task
    _huey = _task = None


def run_consumer(workers: int = 2) -> None:
    """Run the huey consumer in this (Django-initialized) process."""
    _discover()
    consumer = get_huey().create_consumer(workers=workers, worker_type="thread")
    consumer.run()


# ---------------------------------------------------------------- reads for the pages


def jobs_for(user: User) -> QuerySet[Job]:
    """Jobs of the user's organization subtree, newest first."""
    return scoped(Job.objects.select_related("created_by", "org"), user).order_by("-created_at")


def job_label(job: Job) -> str:
    if job.kind not in KIND_LABELS:
        _discover()
    return KIND_LABELS.get(job.kind, job.kind)
