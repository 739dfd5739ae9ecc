"""Acceptance: sign up with verification, save a search, ingest new letters through the pipeline, receive the
alert exactly once from the background worker over real SMTP (also when run twice, or re-run after failing
half-way), then unsubscribe without signing in."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client

from desk import alerts
from desk.models import AlertMessage, Announcement, SavedSearch
from desk.tasks import send_alerts
from determinations import ingest
from tests.conftest import LETTERS
from tests.desk.conftest import body

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
PASSWORD = "a long passphrase for tests 91"


def ingest_letter(name: str) -> None:
    result = ingest.ingest_bytes((LETTERS / f"{name}.pdf").read_bytes(), f"{name}.pdf")
    assert result.status == "parsed", result


def run_worker() -> None:
    send_alerts.enqueue("daily")
    call_command("db_worker", batch=True, reload=False, startup_delay=False, queue_name="*", verbosity=0)


def sign_up(client: Client, inbox, address: str) -> None:
    response = client.post("/accounts/signup/", {"email": address, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    # mandatory verification: not signed in yet
    assert client.post("/accounts/login/", {"login": address, "password": PASSWORD}).url != "/desk/"
    [message] = inbox.to(address)
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", body(message)).group(1)
    assert client.post(link).status_code == 302
    response = client.post("/accounts/login/", {"login": address, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/desk/"


def test_alert_from_sign_up_to_unsubscribe(smtp_inbox):
    inbox = smtp_inbox
    ingest_letter("CM16-0240518")  # imaging, archived before the search is saved: not news
    client = Client()
    sign_up(client, inbox, "attorney@example.com")
    response = client.post("/desk/searches/save/", {"name": "Imaging denials", "frequency": "daily",
                                                    "querystring": "category=imaging&page=3"})
    assert response.status_code == 302
    search = SavedSearch.objects.get()
    assert search.querystring == "category=imaging"
    assert "Imaging denials" in client.get("/desk/").content.decode()

    ingest_letter("CM16-0213037")  # imaging: news
    ingest_letter("CM16-0237163")  # pharmaceuticals: not this search's
    run_worker()
    [alert] = inbox.to("attorney@example.com")[1:]
    text = body(alert)
    assert "CM16-0213037 (DWC IMR Dec. 9, 2016)" in text
    assert "The expert reviewer upheld the denial of MRI of the right shoulder without contrast" in text  # holding
    assert "http://testserver/decisions/CM16-0213037/" in text
    assert "CM16-0237163" not in text and "CM16-0240518" not in text
    assert alert["List-Unsubscribe"]

    run_worker()  # twice: nothing new, nothing repeated
    assert len(inbox.to("attorney@example.com")) == 2
    assert Announcement.objects.count() == 1

    # Unsubscribe from the e-mail's link, signed out.
    link = re.search(r"http://testserver(/desk/unsubscribe/[^/\s]+/)", text).group(1)
    anonymous = Client()
    assert b"Stop these alerts" in anonymous.get(link).content
    assert anonymous.post(link).status_code == 200
    search.refresh_from_db()
    assert not search.alerts
    ingest_letter("CM16-0242667")  # imaging, but unsubscribed
    run_worker()
    assert len(inbox.to("attorney@example.com")) == 2


def test_a_run_that_fails_half_way_is_finished_by_the_next_without_repeats(smtp_inbox, django_user_model):
    inbox = smtp_inbox
    ingest_letter("CM16-0240518")
    users = [django_user_model.objects.create_user(f"u{n}", f"u{n}@example.com", PASSWORD) for n in range(4)]
    from django.utils import timezone

    for user in users:
        SavedSearch.objects.create(user=user, name="Imaging", querystring="category=imaging",
                                   checked_through=timezone.now())
        SavedSearch.objects.create(user=user, name="MRI", querystring="q=MRI", checked_through=timezone.now())
    ingest_letter("CM16-0213037")
    ingest_letter("CM16-0247255")

    # Composed and committed, then the process "dies" before sending: the messages wait in the outbox.
    composed = alerts.compose("daily")
    assert composed.messages == 4
    assert AlertMessage.objects.filter(sent_at=None).count() == 4
    # The next run sends them; the SMTP server turns one recipient away (451), so the run fails half-way.
    # Another address does not exist (550): kept with the answer, it blocks no one.
    inbox.refuse, inbox.unknown = {"u1@example.com"}, {"u3@example.com"}
    with pytest.raises(Exception):  # noqa: B017 - smtplib's refusal
        alerts.run("daily")
    assert {m["To"] for m in inbox.messages} == {"u0@example.com"}
    # The re-run (on the worker) sends what is left, once; nothing is composed twice.
    inbox.refuse = set()
    run_worker()
    run_worker()
    assert sorted(m["To"] for m in inbox.messages) == ["u0@example.com", "u1@example.com", "u2@example.com"]
    for message in inbox.messages:
        text = body(message)
        # each decision once per user, under the first of the user's searches it matched
        assert text.count("CM16-0213037 (DWC IMR") == 1 and text.count("CM16-0247255 (DWC IMR") == 1
        assert "CM16-0240518" not in text
    assert Announcement.objects.count() == 8
    assert AlertMessage.objects.get(to="u3@example.com").refused.startswith("550")
