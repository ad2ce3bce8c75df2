"""Reference data of the roadmap app: the approved 2021–2023 roadmap.

``manage.py load_reference_data`` (and so ``make run`` and every start of the web
container) calls :func:`load`. It loads the approved roadmap when it is absent and leaves
an existing one alone: amendments made in the portal are not overwritten on every restart.
``manage.py load_roadmap`` restores the approved text explicitly."""

from __future__ import annotations

import json

from .models import Roadmap
from .services import DEFAULT_FIXTURE, load_roadmap_file


def load(stdout=None) -> str:
    slug = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8"))["slug"]
    existing = Roadmap.objects.filter(slug=slug).first()
    if existing is not None:
        return f"{existing} уже загружена (восстановить текст: manage.py load_roadmap)"
    return load_roadmap_file(DEFAULT_FIXTURE).summary()
