"""Every CSV export writes through here, so no cell opens as a spreadsheet formula (OWASP "CSV injection").

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an apostrophe:
Excel, LibreOffice and Google Sheets then show it as text instead of evaluating it (``=HYPERLINK(...)`` in a
User-Agent or a consent's recipient would otherwise become a live link or formula). Numbers and empty values
are written as they are.
"""

import csv

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` as a cell that a spreadsheet opens as text."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose every row is neutralised cell by cell."""

    def __init__(self, file):
        self._writer = csv.writer(file)

    def writerow(self, row):
        return self._writer.writerow([csv_safe(cell) for cell in row])


def csv_writer(file) -> SafeWriter:
    """The only way to write CSV: ``csv_writer(response).writerow([...])``."""
    return SafeWriter(file)
