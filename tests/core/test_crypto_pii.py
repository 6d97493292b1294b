"""Personal information is encrypted at rest, searchable by exact value, shown masked, logged."""

import base64
import datetime as dt
import json

import pytest
from cryptography.exceptions import InvalidTag
from django.db import connection
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import crypto
from gonghui.core.middleware import acting_as
from gonghui.core.models import AuditAction, AuditLog, Person
from gonghui.core.models_api import ApiToken
from gonghui.core.permissions import Denied
from gonghui.core.pii import log_unmasked_export, person_reveal
from gonghui.core.selectors import person_list
from gonghui.core.services import PersonData, person_find_by_id_number, person_upsert
from gonghui.core.validators import build_id_number
from tests import factories


def raw_database_text() -> str:
    """Every value of every row of every table, as the database stores it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                chunks.append(" ".join("" if v is None else str(v) for v in row))
    return "\n".join(chunks)


def test_no_plaintext_id_or_phone_anywhere_in_the_database(world):
    id_numbers = [world.hanbin_person.id_number, world.shiquan_person.id_number]
    phones = ["13800135678", "13900139999"]
    with acting_as(world.hanbin_officer):
        # An update of the phone, a reveal, an API upsert: each writes audit entries.
        data = PersonData(
            name="张伟", id_number=id_numbers[0], org=world.hanbin_union, phone="13800001111"
        )
        person_upsert(data=data)
        phones.append("13800001111")
        person_reveal(user=world.hanbin_officer, person=world.hanbin_person)
    new_id = build_id_number("610902", dt.date(1992, 7, 8), 246)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.hanbin_officer)}")
    response = client.post(
        "/api/core/persons",
        data=json.dumps(
            {
                "name": "赵敏",
                "id_number": new_id,
                "org_id": world.hanbin_union.pk,
                "phone": "13712345678",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    id_numbers.append(new_id)
    phones.append("13712345678")

    stored = raw_database_text()
    assert AuditLog.objects.filter(action=AuditAction.UPDATE, model="core.person").exists()
    for value in id_numbers + phones:
        assert value not in stored, f"{value} stored in plain text"
    # The audit table keeps masked values, so the change is still readable.
    audit = " ".join(
        json.dumps([e.before, e.after], ensure_ascii=False) for e in AuditLog.objects.all()
    )
    assert "138****1111" in audit
    assert world.hanbin_person.id_masked in audit


@given(st.text(max_size=200))
def test_encrypt_then_decrypt_gives_back_the_value(value):
    token = crypto.encrypt(value, purpose="test")
    assert crypto.decrypt(token, purpose="test") == value


def test_same_value_encrypts_differently_each_time():
    assert crypto.encrypt("13812345678", purpose="p") != crypto.encrypt("13812345678", purpose="p")


def test_tampered_ciphertext_is_refused():
    blob = bytearray(base64.b64decode(crypto.encrypt("610902198503141234", purpose="p")))
    blob[-1] ^= 0x01
    with pytest.raises(InvalidTag):
        crypto.decrypt(base64.b64encode(bytes(blob)).decode(), purpose="p")


def test_ciphertext_cannot_be_moved_to_another_field():
    token = crypto.encrypt("13812345678", purpose="person.phone")
    with pytest.raises(InvalidTag):
        crypto.decrypt(token, purpose="person.id_number")


def test_lookup_hash_is_exact_and_keyed(settings):
    a = crypto.lookup_hash("13812345678", purpose="person.phone")
    assert a == crypto.lookup_hash("13812345678", purpose="person.phone")
    assert a != crypto.lookup_hash("13812345679", purpose="person.phone")
    assert a != crypto.lookup_hash("13812345678", purpose="person.id_number")
    settings.PII_KEY = "another-installation-key-0123456789"
    assert a != crypto.lookup_hash("13812345678", purpose="person.phone")


def test_exact_search_by_id_number_and_phone_finds_the_person(world):
    assert person_find_by_id_number(world.hanbin_person.id_number) == world.hanbin_person
    officer = world.hanbin_officer
    assert list(person_list(user=officer, q=world.hanbin_person.id_number)) == [world.hanbin_person]
    assert list(person_list(user=officer, q="13800135678")) == [world.hanbin_person]
    assert list(person_list(user=officer, q="13800135679")) == []


def test_person_stores_masked_copies_for_display(world):
    person = Person.objects.get(pk=world.hanbin_person.pk)
    assert person.id_masked == person.id_number[:6] + "********" + person.id_number[-4:]
    assert person.phone_masked == "138****5678"


def test_reveal_is_logged_with_who_and_whose(world):
    values = person_reveal(user=world.hanbin_officer, person=world.hanbin_person)
    assert values == {"id_number": world.hanbin_person.id_number, "phone": "13800135678"}
    entry = AuditLog.objects.get(action=AuditAction.VIEW_PII)
    assert (entry.user, entry.person, entry.org) == (
        world.hanbin_officer,
        world.hanbin_person,
        world.hanbin_union,
    )


def test_reveal_refused_for_roles_without_full_pii(world):
    with pytest.raises(Denied, match="无权查看完整"):
        person_reveal(user=world.hanbin_chair, person=world.hanbin_person)
    assert not AuditLog.objects.filter(action=AuditAction.VIEW_PII).exists()


def test_reveal_refused_outside_scope(world):
    with pytest.raises(Denied, match="不在您的管辖范围内"):
        person_reveal(user=world.hanbin_officer, person=world.shiquan_person)


def test_unmasked_export_is_logged(world):
    factories.person(world.hanbin_union, "王芳")
    log_unmasked_export(user=world.hanbin_officer, model="core.person", count=2)
    entry = AuditLog.objects.get(action=AuditAction.EXPORT_PII)
    assert entry.user == world.hanbin_officer
    assert entry.org == world.hanbin
    assert "2 条" in entry.note
