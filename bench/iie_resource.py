"""The yardstick for ``bench/import_roster.py --compare``: the same roster file imported with a
plain django-import-export resource (kept here, in bench/ only; ``pip install -e .[bench]``).

"Plain" means what a Django developer would write to get this file in: the Chinese headers
mapped to fields, the cells turned into field values with this project's own normalisers
(django-import-export's widgets cannot read 2020年1月5日 or a phone written +86 138 …), and
the card number as the import id (so a second import updates instead of duplicating). Encryption
and blind indexes happen in the model's fields as with any save. With its defaults every row is
a ``save()`` (which also writes the member's search keys); in bulk mode rows go in with
``bulk_create`` (``use_bulk``, ``batch_size=1000``, ``force_init_instance``, ``skip_diff`` as its
documentation advises for speed), which writes no search keys, events or audit rows, so the
bulk-mode comparison flatters the yardstick.
"""

import csv

import tablib
from import_export import fields, resources

from gonghui.core.access import scope_for_assignment
from gonghui.core.models import RoleAssignment
from gonghui.core.scoping import activate
from gonghui.core.text.idnumbers import check_id_number
from gonghui.core.text.normalize import parse_date
from gonghui.core.text.phones import normalize_phone
from gonghui.members.models import Education, EmploymentForm, Member
from gonghui.members.services import card_number_for

COLUMNS = {
    "姓名": "name",
    "身份证号": "id_number",
    "性别": "gender",
    "民族": "ethnicity",
    "出生日期": "birth_date",
    "手机号": "phone",
    "学历": "education",
    "用工形式": "employment_form",
    "入会日期": "join_date",
    "会员证号": "card_number",
}
EDUCATION = {str(label): value for value, label in Education.choices}
FORMS = {str(label): value for value, label in EmploymentForm.choices}


def make_resource(org, bulk):
    class MemberResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        id_number = fields.Field(attribute="id_number", column_name="身份证号")
        gender = fields.Field(attribute="gender", column_name="性别")
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族")
        birth_date = fields.Field(attribute="birth_date", column_name="出生日期")
        phone = fields.Field(attribute="phone", column_name="手机号")
        education = fields.Field(attribute="education", column_name="学历")
        employment_form = fields.Field(attribute="employment_form", column_name="用工形式")
        join_date = fields.Field(attribute="join_date", column_name="入会日期")
        card_number = fields.Field(attribute="card_number", column_name="会员证号")

        class Meta:
            model = Member
            import_id_fields = ("card_number",)
            fields = tuple(COLUMNS.values())
            if bulk:
                use_bulk = True
                batch_size = 1000
                force_init_instance = True
                skip_diff = True

        def before_import_row(self, row, **kwargs):
            check = check_id_number(row["身份证号"])
            row["身份证号"] = check.value
            row["性别"] = check.gender
            row["出生日期"] = check.birth_date
            row["手机号"] = normalize_phone(row["手机号"])[0] or ""
            row["学历"] = EDUCATION.get(row["学历"], "")
            row["用工形式"] = FORMS.get(row["用工形式"], "regular")
            row["入会日期"] = parse_date(row["入会日期"])[0]
            row["会员证号"] = row["会员证号"] or card_number_for(check.value)

        def before_save_instance(self, instance, row, **kwargs):
            instance.org = org
            instance.fill_derived()

    return MemberResource()


def load(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)  # the title row above the headers
        headers = next(reader)
        keep = [i for i, h in enumerate(headers) if h in COLUMNS]
        dataset = tablib.Dataset(headers=[headers[i] for i in keep])
        for cells in reader:
            dataset.append([cells[i] for i in keep])
    return dataset


def import_with_iie(path, org, bulk):
    assignment = RoleAssignment.objects.filter(user__username="bench-import").first()
    with activate(scope_for_assignment(assignment)):
        result = make_resource(org, bulk).import_data(load(path), dry_run=False)
    if result.has_errors() or result.has_validation_errors():
        first = (result.row_errors() or [(0, ["?"])])[0]
        raise SystemExit(f"django-import-export reported errors, first: {first}")
    return {str(k): v for k, v in result.totals.items() if v}
