import logging

from openiop.core.logging import RedactQueryStringFilter


def test_access_log_lines_lose_their_query_strings():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /patients/?q=Quinlan HTTP/1.1", "200", "512"),
        None,
    )
    RedactQueryStringFilter().filter(record)
    assert "Quinlan" not in record.getMessage()
    assert "/patients/?[redacted]" in record.getMessage()
