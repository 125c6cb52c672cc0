"""Uploaded documents: judged by their bytes, never by the type the browser declared, and served as downloads.

A file claiming to be a PDF but holding HTML would otherwise be stored and, served inline, run as a page of
this site. ``sniff_type`` reads the first bytes (the formats' signatures); ``document_download`` serves stored
bytes as an attachment under the type the bytes show (``application/octet-stream`` when they show none), with
``nosniff`` and ``no-store``.
"""

from django.http import HttpResponse

# (signature, MIME type, file extension): the file formats a signed paper form may be scanned to.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
EXTENSIONS = {mime: extension for _, mime, extension in SIGNATURES}


def sniff_type(head: bytes) -> str | None:
    """The MIME type the file's first bytes show, or None for anything else (HTML, scripts, archives...)."""
    for signature, mime, _ in SIGNATURES:
        if head.startswith(signature):
            return mime
    return None


def document_download(content: bytes, basename: str) -> HttpResponse:
    """Stored document bytes as a download named ``basename`` plus the extension of their real type."""
    mime = sniff_type(content[:16])
    name = f"{basename}.{EXTENSIONS[mime]}" if mime else basename
    response = HttpResponse(content, content_type=mime or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
