import pytest
from django.core.management import call_command
from django.db import connection

from openiop.audit import append_only
from openiop.audit.models import AuditChainHead, AuditEvent
from openiop.audit.services import audit_record, audit_verify


@pytest.fixture
def chain(db, clinician_a):
    for n in range(5):
        audit_record(user=clinician_a, action="read", object_type="chart", patient_id=100 + n)
    return list(AuditEvent.objects.order_by("sequence"))


@pytest.fixture
def tamper(db):
    """Lift the append-only guard, as an attacker with table-owner rights could (restored by rollback)."""
    append_only.remove(connection)
    yield
    append_only.install(connection)


def test_each_entry_links_to_the_previous_one(chain):
    assert [e.sequence for e in chain] == [1, 2, 3, 4, 5]
    for previous, current in zip(chain, chain[1:], strict=False):
        assert current.previous_hash == previous.hash
    assert audit_verify().ok
    assert audit_verify().checked == 5


def test_verify_names_an_altered_entry(chain, tamper):
    AuditEvent.objects.filter(sequence=3).update(patient_id=999)
    result = audit_verify()
    assert (result.ok, result.first_bad_sequence) == (False, 3)
    assert "entry 3 was altered" in result.problem


def test_verify_names_a_deleted_entry(chain, tamper):
    AuditEvent.objects.filter(sequence=2).delete()
    result = audit_verify()
    assert (result.ok, result.first_bad_sequence) == (False, 2)
    assert "entry 2 is missing" in result.problem


def test_verify_catches_an_inserted_entry_even_with_a_valid_looking_hash(chain, tamper):
    # Shift entries 4-5 up and slip a forged entry in as 4, hashed correctly against entry 3.
    from openiop.audit.chain import event_hash

    for seq in (5, 4):
        AuditEvent.objects.filter(sequence=seq).update(sequence=seq + 1)
    forged = {
        f: getattr(chain[2], f)
        for f in (
            "occurred_at",
            "user_id",
            "username",
            "role",
            "object_type",
            "object_id",
            "action",
            "outcome",
            "source_ip",
            "user_agent",
            "detail",
        )
    }
    forged.update(sequence=4, patient_id=4242)
    AuditEvent.objects.create(previous_hash=chain[2].hash, hash=event_hash(forged, chain[2].hash), **forged)
    result = audit_verify()
    assert (result.ok, result.first_bad_sequence) == (False, 5)


def test_verify_catches_entries_deleted_from_the_end(chain, tamper):
    AuditEvent.objects.filter(sequence__gte=4).delete()
    result = audit_verify()
    assert not result.ok
    assert "newest entries were deleted" in result.problem


def test_the_command_exits_nonzero_naming_the_first_bad_entry(chain, tamper, capsys):
    AuditEvent.objects.filter(sequence=2).update(action="update")
    with pytest.raises(SystemExit) as excinfo:
        call_command("audit", "verify")
    assert excinfo.value.code == 1
    assert "entry 2 was altered" in capsys.readouterr().err


def test_the_command_reports_an_intact_chain_and_its_head(chain, capsys):
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "audit chain OK: 5 entries" in out
    assert chain[-1].hash in out


def test_the_database_refuses_to_update_an_audit_row(chain):
    with pytest.raises(Exception, match="append-only"):
        AuditEvent.objects.filter(sequence=1).update(action="update")


def test_the_database_refuses_to_delete_an_audit_row(chain):
    with pytest.raises(Exception, match="append-only"):
        AuditEvent.objects.filter(sequence=1).delete()


def test_the_head_tracks_the_newest_entry(chain):
    head = AuditChainHead.objects.get(pk=1)
    assert (head.sequence, head.last_hash) == (5, chain[-1].hash)
