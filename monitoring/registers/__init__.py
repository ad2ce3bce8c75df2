"""The ten monitoring registers of the roadmap (passport item 5, section III 3.1).

One mechanism serves all of them: an abstract dated record (``base``), the reference
lists the records point to (``catalogs``), the records themselves (``records``), the
labour-market sources kept by ИМЦ (``labour``), the half-year submission and lock
(``submissions``), and a registry (``registry``) from which the generic views, forms,
filters, Excel resources, templates, navigation and tests are all driven.

Models live in the ``monitoring`` app (``monitoring/models.py`` imports them), so their
app label, permissions and migrations are the app's.
"""
