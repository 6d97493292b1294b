"""Background jobs: status, progress and failures, on the sync, thread and huey backends."""

from __future__ import annotations

import pytest

from gonghui.core import jobs
from gonghui.core.errors import DomainError
from gonghui.core.models import Job, JobStatus


@jobs.handler("test.count", "测试·计数")
def _count(job: Job, progress: jobs.Progress) -> dict:
    n = job.params["n"]
    for i in range(1, n + 1):
        progress(i, n, f"第{i}步", force=True)
    return {"counted": n}


@jobs.handler("test.refuse", "测试·拒绝")
def _refuse(job: Job, progress: jobs.Progress) -> dict:
    raise DomainError("年度预算尚未批准，不能生成名单")


@jobs.handler("test.crash", "测试·崩溃")
def _crash(job: Job, progress: jobs.Progress) -> dict:
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _sync(settings):
    settings.JOBS_BACKEND = "sync"


def test_sync_job_runs_to_done_with_result_and_full_progress(world):
    job = jobs.enqueue(kind="test.count", params={"n": 3}, user=world.hanbin_officer)
    assert (job.status, job.result, job.progress, job.total, job.percent) == (
        JobStatus.DONE,
        {"counted": 3},
        3,
        3,
        100,
    )
    assert job.org == world.hanbin and job.finished_at is not None


def test_a_domain_error_fails_the_job_with_its_chinese_message(world):
    job = jobs.enqueue(kind="test.refuse", params={}, user=world.hanbin_officer)
    assert (job.status, job.message) == (JobStatus.FAILED, "年度预算尚未批准，不能生成名单")


def test_an_unexpected_error_fails_the_job_without_leaking_details(world):
    job = jobs.enqueue(kind="test.crash", params={}, user=world.hanbin_officer)
    assert job.status == JobStatus.FAILED
    assert job.message == f"任务执行出错，请联系管理员（任务编号{job.pk}）"
    assert "boom" not in job.message


def test_unknown_kind_is_refused():
    with pytest.raises(DomainError, match="未知的任务类型"):
        jobs.enqueue(kind="nope", params={}, user=None)


def test_a_job_runs_only_once(world):
    job = jobs.enqueue(kind="test.count", params={"n": 2}, user=world.hanbin_officer)
    Job.objects.filter(pk=job.pk).update(result={"kept": True})
    jobs.run_job(job.pk)  # e.g. a redelivered huey task
    job.refresh_from_db()
    assert job.result == {"kept": True}


def test_jobs_for_limits_to_the_users_subtree(world):
    mine = jobs.enqueue(kind="test.count", params={"n": 1}, user=world.hanbin_officer)
    other = jobs.enqueue(kind="test.count", params={"n": 1}, user=world.shiquan_officer)
    assert list(jobs.jobs_for(world.hanbin_officer)) == [mine]
    assert set(jobs.jobs_for(world.city_admin)) == {mine, other}
    assert list(jobs.jobs_for(world.hanbin_member)) == []


def test_stale_running_jobs_are_marked_failed(world):
    job = Job.objects.create(kind="test.count", status=JobStatus.RUNNING)
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at - jobs.dt.timedelta(days=1))
    assert jobs.jobs_fail_stale() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "重新发起" in job.message


def test_progress_inside_a_transaction_is_served_from_memory(world):
    # The test runs inside a transaction, as an import's commit does.
    job = Job.objects.create(kind="test.count", status=JobStatus.RUNNING, total=10)
    progress = jobs.Progress(job)
    progress(4, 10, "正在写入", force=True)
    shown = jobs.live(Job.objects.get(pk=job.pk))
    assert (shown.progress, shown.total, shown.message) == (4, 10, "正在写入")
    progress.close()
    assert jobs.live(Job.objects.get(pk=job.pk)).progress == 0


def test_a_busy_database_skips_a_progress_write_but_the_job_still_finishes(world, monkeypatch):
    from django.db import OperationalError
    from django.db.models import QuerySet

    real_update = QuerySet.update

    def busy_for_progress(self, **kwargs):
        if self.model is Job and set(kwargs) == {"progress", "total", "message"}:
            raise OperationalError("database table is locked: core_job")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", busy_for_progress)
    job = jobs.enqueue(kind="test.count", params={"n": 3}, user=world.hanbin_officer)
    assert (job.status, job.result, job.percent) == (JobStatus.DONE, {"counted": 3}, 100)


@pytest.mark.django_db(transaction=True)
def test_thread_backend_runs_the_job_in_a_background_thread(settings):
    import time

    settings.JOBS_BACKEND = "thread"
    job = jobs.enqueue(kind="test.count", params={"n": 5}, user=None)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == JobStatus.DONE:
            break
        time.sleep(0.05)
    assert (job.status, job.result) == (JobStatus.DONE, {"counted": 5})


def test_redis_backend_goes_through_huey(world, settings, django_capture_on_commit_callbacks):
    settings.JOBS_BACKEND = "redis"
    settings.HUEY_IMMEDIATE = True  # huey's in-memory mode: no Redis server needed in tests
    jobs.reset_huey()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.enqueue(kind="test.count", params={"n": 2}, user=world.hanbin_officer)
        job.refresh_from_db()
        assert (job.status, job.result) == (JobStatus.DONE, {"counted": 2})
        assert jobs.get_huey().immediate
    finally:
        jobs.reset_huey()


def _redis_answers() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="Redis 未在 127.0.0.1:6379 运行")
@pytest.mark.django_db(transaction=True)
def test_redis_backend_round_trip_through_a_real_redis(settings):
    """A job enqueued on the redis backend travels through Redis and a consumer runs it."""
    import uuid

    settings.JOBS_BACKEND = "redis"
    settings.HUEY_IMMEDIATE = False
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.HUEY_NAME = f"gonghui-test-{uuid.uuid4().hex}"  # parallel runs never share a queue
    jobs.reset_huey()
    huey = jobs.get_huey()
    try:
        job = jobs.enqueue(kind="test.count", params={"n": 4}, user=None)
        assert huey.pending_count() == 1  # sent to Redis on commit, not run in this process
        job.refresh_from_db()
        assert job.status == JobStatus.PENDING
        task = huey.dequeue()  # what `gonghui run_huey` does in its worker threads
        huey.execute(task)
        job.refresh_from_db()
        assert (job.status, job.result, job.percent) == (JobStatus.DONE, {"counted": 4}, 100)
        assert huey.pending_count() == 0
    finally:
        huey.storage.flush_queue()
        jobs.reset_huey()
