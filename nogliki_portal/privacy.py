"""Students are minors (152-ФЗ): their names and birth dates never reach a log line or an
error e-mail, even for an error nobody foresaw.

Three places could carry them there, and each is closed here:

* the database's own error text — PostgreSQL explains a unique-key or check failure
  with ``DETAIL:  Key (school_id, last_name, …)=(1, Образцова, …) already exists`` or
  ``Failing row contains (…)``: :func:`scrub` cuts such lines;
* a traceback's local variables and the request's POST/GET values, which Django's error
  report (ADMINS e-mail, the debug page) prints: :class:`PersonalDataReporterFilter`
  hides them all, not only the ones a view remembered to mark as sensitive;
* log records (console, files): :class:`PersonalDataLogFilter` scrubs the message and
  the formatted traceback.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

HIDDEN = "[скрыто: персональные данные]"

# «DETAIL:  Key (…)=(…) already exists.», «DETAIL:  Failing row contains (…).» and the
# parameters Django appends to a failed query's text.
_DETAIL = re.compile(r"(DETAIL:|ПОДРОБНОСТИ:)[^\n]*")
_FAILING_ROW = re.compile(r"Failing row contains \(.*?\)\.?", re.DOTALL)
_KEY_VALUES = re.compile(r"(Key \([^)]*\)=)\(.*?\)", re.DOTALL)
_PARAMS = re.compile(r"((?:params|parameters)\s*[=:]\s*)[\[(].*?[\])]", re.DOTALL)


def scrub(text: Any) -> str:
    """The text with the database's value-carrying details cut out."""
    text = str(text)
    text = _DETAIL.sub(lambda m: f"{m[1]} {HIDDEN}", text)
    text = _FAILING_ROW.sub(f"Failing row contains ({HIDDEN})", text)
    text = _KEY_VALUES.sub(lambda m: f"{m[1]}({HIDDEN})", text)
    return _PARAMS.sub(lambda m: f"{m[1]}{HIDDEN}", text)


class PersonalDataLogFilter(logging.Filter):
    """Scrubs every record a handler writes. The record is changed in place (message,
    arguments, formatted traceback), so every handler after this one writes the scrubbed
    text too; nothing is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, as logging would
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)))
            record.exc_text = record.exc_text.rstrip("\n")
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports show where the error happened, never what a user typed: every local
    variable, POST and GET value is hidden, whatever the view declared."""

    cleansed_substitute = HIDDEN

    def is_active(self, request) -> bool:
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed.setlist(key, [self.cleansed_substitute])
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for key in ("QUERY_STRING", "HTTP_REFERER", "HTTP_COOKIE"):
            if key in meta:
                meta[key] = self.cleansed_substitute
        return meta


class PersonalDataExceptionReporter(ExceptionReporter):
    """Django's error report (ADMINS e-mail, DEBUG page) with the exception texts scrubbed
    and the query string hidden: a search for a student's surname stays out of it."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if "exception_value" in data:
            data["exception_value"] = scrub(data["exception_value"])
        for frame in data.get("frames", []):
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = scrub(frame["exc_cause"])
        if self.request is not None:
            data["request_GET_items"] = [(key, HIDDEN) for key in self.request.GET]
            data["request_insecure_uri"] = self.request.path
        return data
