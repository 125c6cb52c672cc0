import re

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_active(context, url_name: str) -> str:
    try:
        path = reverse(url_name)
    except NoReverseMatch:
        return ""
    current = context["request"].path
    if path == "/":
        return 'aria-current="page"' if current == "/" else ""
    return 'aria-current="page"' if current.startswith(path) else ""


@register.simple_tag(takes_context=True)
def sort_link(context, column: str) -> str:
    """Query string that sorts by column, flipping direction when it is already the sort."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("sort", "")
    params["sort"] = f"-{column}" if current == column else column
    params.pop("page", None)
    return "?" + params.urlencode()


@register.filter
def age_on(patient, day) -> int:
    return patient.age_on(day)


@register.filter
def code_label(value) -> str:
    """A stored code such as item9_suicidality_positive, as words."""
    return str(value).replace("_", " ")


# Rules keep their sources for developers (clinical-standards.md sections, confidence tags [C]/[S]/[U]); staff
# pages show the published reference only. The docs and help pages keep the full citation.
_REFERENCE = re.compile(
    r"\(?\s*clinical-standards\.md(?:\s*§\s*[\d.]+(?:\s*(?:,|/|and|&)\s*§?\s*[\d.]+)*)?\s*\)?\s*[:,;]?\s*"
)
_CONFIDENCE_TAG = re.compile(r"\s*\[[CSU](?:[:;\s][^\]]*)?\]")


@register.filter
def plain_source(value) -> str:
    """A rule's source without the developer reference section and confidence tag."""
    text = _CONFIDENCE_TAG.sub("", str(value or ""))
    text = _REFERENCE.sub(" ", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+([;,.:])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ;,:")
