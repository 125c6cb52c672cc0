from io import StringIO

from django.core.management import call_command

from openiop.accounts.models import User
from openiop.notes.models import GroupNote, NoteAddendum, NoteStatus, NoteTemplate, ProgressNote
from openiop.notes.selectors import cosign_queue


def test_the_demo_has_group_notes_individual_notes_a_late_entry_an_addendum_drafts_and_a_cosign_item(db):
    call_command("demo", stdout=StringIO())
    assert GroupNote.objects.filter(status=NoteStatus.SIGNED).count() >= 2
    assert ProgressNote.objects.filter(group_note__isnull=False).count() >= 4
    assert ProgressNote.objects.filter(group_note__isnull=True, status=NoteStatus.SIGNED).count() >= 2
    assert ProgressNote.objects.filter(status=NoteStatus.DRAFT).count() == 2
    assert ProgressNote.objects.filter(late_entry=True).exists()
    assert NoteAddendum.objects.exists()
    assert cosign_queue(user=User.objects.get(username="dana.director"))


def test_the_demo_has_note_templates_and_a_draft_started_from_one(db):
    call_command("demo", stdout=StringIO())
    names = set(NoteTemplate.objects.filter(program__name="Adult Substance Use IOP").values_list("name", flat=True))
    assert {"Individual session (SOAP)", "Family session (DAP)"} <= names
    note = ProgressNote.objects.get(template__isnull=False)
    assert note.status == NoteStatus.DRAFT and note.note_format == note.template.note_format
