"""Every page of the portal, as a role would open it, and the checks a person would make.

``page_urls(user)`` walks the URL configuration and fills each pattern with an object
of the database — the first one the user may see, or, when there is none, the first one
at all (so the role's «Страница не найдена» is looked at too). Pages that only take POST,
download a file or answer JSON are left out; the registers' list, record and summary
pages are opened for every register, the forms that are the same for all of them once.

``check_page(page)`` returns what is wrong with the page as it is drawn now: the page
wider than the window, English words in the visible text, inline scripts or on*
attributes (the Content-Security-Policy forbids them), and the browser's console errors
collected by ``watch(page)``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

#: URL names that are not pages: POST-only actions, downloads, JSON, redirects to files
NOT_PAGES = {
    "logout", "health", None,  # the favicon redirect has no name
    "monitoring:submission_submit", "monitoring:submission_action",
    "monitoring:student_template", "monitoring:staff_template", "monitoring:register_template",
    "roadmap:report_xlsx", "roadmap:report_docx", "roadmap:document_download",
    "reports:draft_recommendations", "reports:job_status", "reports:job_restart",
    "reports:job_approve", "reports:file_download", "reports:recommendation_publish",
    "reports:recommendation_mark", "reports:training_participants_add",
    "reports:training_participant_remove", "parents_note_download",
    "monitoring:student_pick",
}
#: lists are opened for every register (their columns differ); a record's page for the
#: registers whose page adds a template of its own and one plain one; forms and summaries
#: (one template for all) for one register of each kind
PER_REGISTER = {"monitoring:register_list"}
SOME_REGISTERS = {"monitoring:register_detail": ["diagnostics", "employer-events", "admissions",
                                                 "labour-demand"],
                  "reports:register_dashboard": ["diagnostics", "employer-events"]}
#: words a Russian page may show in Latin letters: file formats and names of products
ALLOWED_LATIN = {"excel", "xlsx", "xls", "ods", "csv", "docx", "pdf", "odt", "word", "it", "ctrl",
                 "worldskills", "russia"}

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_ROMAN = re.compile(r"^[IVXLC]+$")  # «II полугодие», раздел «VI»
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+")
# Identifiers a user reads or types, not words: indicator codes («normative_documents»),
# slugs («nogliki-2024-2026»).
_IDENTIFIER = re.compile(r"\b[a-z0-9]+(?:[_-][a-z0-9]+)+\b")


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None
    view_class: type | None

    @property
    def params(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)


def patterns(urlpatterns=None, prefix: str = "", namespace: str | None = None) -> Iterator[Pattern]:
    for entry in urlpatterns if urlpatterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern),
                                entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Pattern(prefix + str(entry.pattern), name,
                          getattr(entry.callback, "view_class", None))


def _first(model, user):
    """The first object of ``model`` the user sees; else the first at all; else None."""
    manager = model.objects
    if user is not None and hasattr(manager, "for_user"):
        own = manager.for_user(user).order_by("pk").first()
        if own is not None:
            return own
    return manager.order_by("pk").first()


def _model_of(pattern: Pattern, param: str):
    from monitoring.models import School
    from monitoring.registers.submissions import Submission
    from roadmap.models import Measure, Roadmap

    if param == "roadmap_pk":
        return Roadmap
    if param == "measure_pk":
        return Measure
    special = {"reports:school_dashboard": School, "monitoring:submission_detail": Submission}
    return special.get(pattern.name) or getattr(pattern.view_class, "model", None)


def _register_slugs(pattern: Pattern) -> list[str]:
    from monitoring.registers.registry import registry

    if pattern.name in PER_REGISTER:
        return [e.slug for e in registry]
    # The forms are one template for all: a per-student register with mass entry.
    return SOME_REGISTERS.get(pattern.name, ["diagnostics"])


def _fill(pattern: Pattern, user) -> list[str]:
    from django.urls import reverse

    from monitoring.registers.registry import registry
    from reports.indicators.service import definitions

    if not pattern.params:
        return [reverse(pattern.name)]
    if pattern.name == "help_page":
        from nogliki_portal.help import PAGES

        return [reverse(pattern.name, args=[slug]) for slug in PAGES]
    if pattern.name == "help_register":
        return [reverse(pattern.name, args=[slug]) for slug in ("diagnostics", "admissions")]
    if pattern.name == "password_reset_confirm":
        from monitoring.models import User

        someone = User.objects.order_by("pk").first()
        if someone is None:
            return []
        return [reverse(pattern.name, args=[urlsafe_base64_encode(force_bytes(someone.pk)),
                                            default_token_generator.make_token(someone)])]
    if pattern.name == "reports:school_targets":
        return [reverse(pattern.name, args=[definitions()[0].code, timezone.localdate().year])]
    urls = []
    if "slug" in pattern.params:
        for slug in _register_slugs(pattern):
            if "pk" not in pattern.params:
                urls.append(reverse(pattern.name, args=[slug]))
                continue
            record = _first(registry.get(slug).model, user)
            if record is not None:
                urls.append(reverse(pattern.name, args=[slug, record.pk]))
        return urls
    (param,) = pattern.params
    model = _model_of(pattern, param)
    obj = _first(model, user) if model is not None else None
    return [reverse(pattern.name, args=[obj.pk])] if obj is not None else []


def page_urls(user=None) -> list[str]:
    """Every page to look at as ``user`` (None: not signed in)."""
    urls = []
    for pattern in patterns():
        if pattern.name in NOT_PAGES:
            continue
        if pattern.view_class is not None and not hasattr(pattern.view_class, "get") and \
                not hasattr(pattern.view_class, "get_context_data"):
            continue
        urls += _fill(pattern, user)
    return list(dict.fromkeys(urls))


# ------------------------------------------------------------------------------ checks


@dataclass
class Watch:
    """What the browser said while a page loaded."""

    console: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.console.clear()


def watch(page) -> Watch:
    seen = Watch()

    def on_console(message) -> None:
        if message.type == "error":
            seen.console.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.console.append(f"ошибка скрипта: {error}"))
    return seen


_PROBE = """() => {
  // The visible text, without identifiers shown on purpose (code) and e-mail links.
  const skip = [...document.querySelectorAll("code, kbd, samp, a[href^='mailto:']")];
  const saved = skip.map(e => e.style.display);
  skip.forEach(e => { e.style.display = "none"; });
  const text = document.body.innerText;
  skip.forEach((e, i) => { e.style.display = saved[i]; });
  const inline = [...document.querySelectorAll("script:not([src])")]
      .filter(s => s.type !== "application/json").length;
  const handlers = [...document.querySelectorAll("*")].flatMap(
      e => [...e.attributes].filter(a => a.name.startsWith("on")).map(a => e.tagName + "[" + a.name + "]"));
  return {
    width: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    text: text,
    inline: inline,
    handlers: handlers.slice(0, 5),
  };
}"""


def check_page(page, seen: Watch, *, status: int | None = None) -> list[str]:
    """What is wrong with the page as drawn now (an empty list when nothing)."""
    probe = page.evaluate(_PROBE)
    problems = []
    if probe["width"] > probe["viewport"] + 1:
        problems.append(f"страница шире окна: {probe['width']} px при окне {probe['viewport']} px")
    text = _IDENTIFIER.sub(" ", _ADDRESS.sub(" ", probe["text"] or ""))
    english = sorted({w for w in _LATIN_WORD.findall(text)
                      if w.lower() not in ALLOWED_LATIN and not _ROMAN.match(w)})
    if english:
        problems.append("слова латиницей: " + ", ".join(english[:12]))
    if probe["inline"]:
        problems.append(f"встроенных скриптов: {probe['inline']}")
    if probe["handlers"]:
        problems.append("обработчики on*: " + ", ".join(probe["handlers"]))
    errors = [m for m in seen.console
              # the error page itself answers 403/404: that is the page, not a fault
              if not (status in (403, 404) and "status of 40" in m)]
    if errors:
        problems.append("ошибки в консоли: " + " | ".join(errors[:3]))
    if status is not None and status >= 500:
        problems.append(f"ответ сервера {status}")
    return problems
