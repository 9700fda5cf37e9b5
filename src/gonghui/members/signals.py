"""What the members module tells the layers above it (they connect in their ``apps.py``)."""

from django.dispatch import Signal

# Sent by ``tallies.retally`` when member counts of some orgs changed (``org_ids``): the
# subtree figures (``reports.figures``) are recounted on their next read.
tallies_changed = Signal()
