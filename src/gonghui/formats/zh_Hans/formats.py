"""Number formats for Simplified Chinese on top of Django's own (``FORMAT_MODULE_PATH``): amounts
grouped by thousands with commas (千分位, "2,680.00 元"), as finance forms and bank statements
print them. Django's zh-hans leaves the separator empty, so ``floatformat:"2g"`` grouped nothing.
Everything else (dates, input formats) is Django's."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
