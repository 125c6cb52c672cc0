import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


class RedactQueryStringFilter(logging.Filter):
    """Drop query strings from access-log lines: patient searches put names in them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(_QUERY.sub("?[redacted]", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("?[redacted]", record.msg)
        return True
