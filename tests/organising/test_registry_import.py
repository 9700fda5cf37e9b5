"""The market-regulation register import: the register's own column names and wording, streets
by name, re-import changes nothing, an employer with its union keeps it."""

import pytest

from gonghui.core.models import ImportJob
from gonghui.orgs.models import Employer
from tests.core.test_imports import _map_and_validate, _upload

from .helpers import credit_code

pytestmark = pytest.mark.django_db

HEADER = "企业名称,统一社会信用代码,所属行业,企业类型,参保人数,所属街道,住所\n"


def _csv(*rows):
    return (HEADER + "".join(",".join(r) + "\n" for r in rows)).encode("gb18030")


def test_register_rows_land_in_their_street_with_register_wording(cast, login):
    client = login(cast.street_admin)
    data = _csv(
        ["丙装备有限公司", credit_code(7001), "制造业", "有限责任公司（自然人投资或控股）", "80",
         "测试街道工会", "某路 1 号"],
        ["丁餐饮店", credit_code(7002), "餐饮业", "个体工商户", "6", "S1", ""],
    )  # fmt: skip
    job = _map_and_validate(client, _upload(client, "organising_registry", "名录.csv", data, "S1"))
    assert job.error_rows == 0, job.issues
    client.post(f"/imports/job/{job.id}/commit/", {"mode": "all"})
    big = Employer.unscoped.get(credit_code=credit_code(7001))
    small = Employer.unscoped.get(credit_code=credit_code(7002))
    assert (big.org, big.industry, big.ownership, big.headcount) == (
        cast.street, "manufacturing", "private", 80,
    )  # fmt: skip
    assert (small.industry, small.ownership, small.headcount) == ("hospitality", "private", 6)

    again = _map_and_validate(
        client, _upload(client, "organising_registry", "名录.csv", data, "S1")
    )
    client.post(f"/imports/job/{again.id}/commit/", {"mode": "all"})
    again = ImportJob.unscoped.get(pk=again.pk)
    assert again.result["counts"]["新增"] == 0 and again.result["counts"]["更新"] == 0


def test_register_never_moves_a_unionised_employer_back(cast, login):
    client = login(cast.district_admin)
    data = _csv(
        ["乙物流有限公司", cast.employer_b.credit_code, "道路运输业", "私营企业", "", "S1", ""]
    )
    job = _map_and_validate(client, _upload(client, "organising_registry", "名录.csv", data, "S1"))
    assert job.error_rows == 0, job.issues
    client.post(f"/imports/job/{job.id}/commit/", {"mode": "all"})
    employer = Employer.unscoped.get(pk=cast.employer_b.pk)
    assert (employer.org, employer.headcount) == (cast.union_b, 120)


def test_unknown_sector_wording_is_an_error_until_mapped(cast, login):
    client = login(cast.street_admin)
    data = _csv(["戊公司", credit_code(7003), "外星贸易", "私营企业", "30", "S1", ""])
    job = _map_and_validate(client, _upload(client, "organising_registry", "名录.csv", data, "S1"))
    assert job.error_rows == 1
    assert any(i["column"] == "所属行业" for i in job.issues)
