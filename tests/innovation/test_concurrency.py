"""Proposal numbers under concurrency, proven on PostgreSQL (real row locks, one connection per
thread): simultaneous submissions get distinct, consecutive numbers and nobody gets an error."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from gonghui.innovation import services
from gonghui.innovation.models import Proposal, ProposalCounter
from tests.conftest import acting

from .helpers import make_member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TITLES = [
    "冲压模具寿命提升",
    "仓库叉车路线优化",
    "锅炉余热回收利用",
    "焊接烟尘收集改造",
    "配电室巡检表电子化",
    "喷涂线涂料回收",
    "数控刀具磨损预警",
    "包装纸箱尺寸标准化",
    "空压机夜间停机",
    "车间照明感应开关",
    "质检抽样方案调整",
    "废油过滤再生",
    "螺栓扭矩防错工装",
    "物料看板颜色管理",
    "班前安全喊话卡片",
    "冷却水循环改造",
    "行车遥控器防摔套",
    "来料检验扫码登记",
    "电机轴承润滑周期",
    "办公用纸双面打印",
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions)")


def _run(n, target):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker(i):
        try:
            barrier.wait()
            results.append(target(i))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def _submit_all(cast, n):
    authors = [make_member(cast.union_a, f"甲工会职工{i}") for i in range(n)]

    def attempt(i):
        with acting(cast.staff_a):
            proposal = services.submit_proposal(
                actor=cast.staff_a,
                author=authors[i],
                kind="rationalisation",
                title=TITLES[i],
                problem="现状浪费较大",
                solution="按附件方案改进",
            )
        return proposal.number

    return _run(n, attempt)


def test_twenty_simultaneous_submissions_get_twenty_consecutive_numbers(cast):
    prefix = f"JY{timezone.localdate().year}-"
    numbers, errors = _submit_all(cast, 20)
    assert errors == []
    assert len(numbers) == 20 and len(set(numbers)) == 20
    assert sorted(numbers) == [f"{prefix}{i:05d}" for i in range(1, 21)]
    assert Proposal.objects.count() == 20
    assert ProposalCounter.objects.get(prefix=prefix).last == 20


def test_counter_starts_after_numbers_already_used_and_stays_consecutive(cast):
    """A year whose proposals were numbered before the counter row existed: the counter picks
    up after the highest number used, even when many submitters race to create it."""
    prefix = f"JY{timezone.localdate().year}-"
    author = make_member(cast.union_a, "甲工会老建议人")
    with acting(cast.staff_a):
        old = services.submit_proposal(
            actor=cast.staff_a,
            author=author,
            kind="rationalisation",
            title="旧编号的建议",
            problem="问题",
            solution="办法",
        )
    Proposal.objects.filter(pk=old.pk).update(number=f"{prefix}00041")
    ProposalCounter.objects.all().delete()
    numbers, errors = _submit_all(cast, 12)
    assert errors == []
    assert sorted(numbers) == [f"{prefix}{i:05d}" for i in range(42, 54)]
