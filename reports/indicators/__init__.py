"""Indicators of the roadmap: the catalogue (``catalogue``), scopes (``scope``), target
statuses (``targets``), evaluation (``service``) and dashboards (``views``)."""
