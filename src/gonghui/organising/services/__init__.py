"""Writes of the organising work, by subject: prospects (employers without a union), foundings
(建会) and term changes (换届)."""
