"""PDF from DOCX through LibreOffice (``soffice --headless --convert-to pdf``).

Each conversion runs in its own temporary directory with its own LibreOffice profile: two
conversions at once would otherwise fight over the shared profile's lock and one would
silently produce nothing. A timeout stops a hung office process."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

UNAVAILABLE = "PDF недоступен: на сервере не установлен LibreOffice"


class PdfConversionError(Exception):
    """The conversion failed; the message says why, in Russian, for the job page."""


def soffice_path() -> str | None:
    configured = getattr(settings, "SOFFICE_PATH", "") or "soffice"
    return shutil.which(configured)


def pdf_available() -> bool:
    """Whether this server can make PDFs (LibreOffice installed)."""
    return soffice_path() is not None


def docx_to_pdf(content: bytes, *, workdir: str | os.PathLike | None = None,
                timeout: int | None = None) -> bytes:
    """Convert a DOCX (bytes) to PDF (bytes) with LibreOffice in headless mode.

    ``workdir`` is where the temporary directory is made (a job puts it beside its
    outputs, so a re-run after a killed worker removes what was left)."""
    binary = soffice_path()
    if binary is None:
        raise PdfConversionError(UNAVAILABLE)
    timeout = timeout or getattr(settings, "PDF_TIMEOUT_SECONDS", 120)
    if workdir is not None:
        Path(workdir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pdf-", dir=workdir) as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(content)
        profile = Path(tmp) / "profile"
        command = [
            binary, "--headless", "--norestore", "--nolockcheck", "--nodefault",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", "pdf", "--outdir", tmp, str(source),
        ]
        # A session of its own, so a timeout kills LibreOffice's helper processes too.
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp,
            start_new_session=True, env={**os.environ, "HOME": tmp},
        )
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfConversionError(
                f"LibreOffice не успел преобразовать документ в PDF за {timeout} с."
            ) from None
        result = Path(tmp) / "document.pdf"
        if process.returncode != 0 or not result.exists():
            detail = stderr.decode("utf-8", "replace").strip()[-300:]
            raise PdfConversionError(
                "LibreOffice не смог преобразовать документ в PDF"
                + (f": {detail}" if detail else ".")
            )
        return result.read_bytes()
