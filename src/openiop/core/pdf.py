"""Patient documents as PDF downloads: one place renders HTML with WeasyPrint and sets the headers."""

from django.http import HttpResponse


def pdf_download(html: str, filename: str) -> HttpResponse:
    """``html`` as a PDF attachment named ``filename``. ``no-store``: a patient document never sits in a cache."""
    from weasyprint import HTML

    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
