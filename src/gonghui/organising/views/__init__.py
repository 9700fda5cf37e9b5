"""Pages of the organising work, by subject."""
