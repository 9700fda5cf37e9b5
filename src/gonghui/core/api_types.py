"""Bounded input types for API schemas: whatever a client sends, the database can hold it."""

from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

# Yuan with two places, as the DecimalField(max_digits=12, decimal_places=2) columns hold them.
Money = Annotated[
    Decimal,
    Field(
        ge=Decimal("-9999999999.99"), le=Decimal("9999999999.99"), max_digits=12, decimal_places=2
    ),
]
# Measured figures (competition indicators and the like), as DecimalField(14, 2) holds them.
Figure = Annotated[
    Decimal,
    Field(
        ge=Decimal("-999999999999.99"),
        le=Decimal("999999999999.99"),
        max_digits=14,
        decimal_places=2,
    ),
]


class WithOrg(Schema):
    """An output row that carries its org: a subclass declares ``org_code: str`` (and
    ``org_name: str`` where it shows the name) in its own field order; the values are read from
    the row's ``org``."""

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name
