"""Bounded input types for API schemas: whatever a client sends, the database can hold it."""

from decimal import Decimal
from typing import Annotated

from pydantic import Field

# Yuan with two places, as the DecimalField(max_digits=12, decimal_places=2) columns hold them.
Money = Annotated[Decimal, Field(ge=Decimal("-9999999999.99"), le=Decimal("9999999999.99"),
                                 max_digits=12, decimal_places=2)]
# Measured figures (competition indicators and the like), as DecimalField(14, 2) holds them.
Figure = Annotated[Decimal, Field(ge=Decimal("-999999999999.99"), le=Decimal("999999999999.99"),
                                  max_digits=14, decimal_places=2)]
