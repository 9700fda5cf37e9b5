"""Importers by key, so the import pages and tasks serve every module."""

_IMPORTERS = {}


def register(importer_class):
    _IMPORTERS[importer_class.key] = importer_class
    return importer_class


def get(key):
    return _IMPORTERS.get(key)


def all_importers():
    return dict(_IMPORTERS)
