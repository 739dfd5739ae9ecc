"""URLs are built in one module, and every page announces its CSV, JSON and Atom twins as Datasette does: a
`Link: <...>; rel="alternate"; type="..."` header and the same `<link rel="alternate">` in its head."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from determinations.models import Guideline
from tests.factories import archive, citation, item, letter_record

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_PATHS = re.compile(r"/(decisions|stats|guidelines|reviewers|search)\b")


def alternates(response) -> dict[str, str]:
    """The `Link` header's alternates: {url: type}."""
    found = re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', response.get("Link", ""))
    return {url.removeprefix("http://testserver"): kind for url, kind in found}


@pytest.mark.django_db
@pytest.mark.parametrize("path, expected", [
    ("/decisions/?item=mri&decision=upheld", {
        "/decisions.csv?item=mri&decision=upheld": "text/csv",
        "/decisions.json?item=mri&decision=upheld": "application/json",
        "/decisions/feed/?item=mri&decision=upheld": "application/atom+xml"}),
    ("/decisions/?item=mri&page=2", {
        "/decisions.csv?item=mri": "text/csv", "/decisions.json?item=mri": "application/json",
        "/decisions/feed/?item=mri": "application/atom+xml"}),
    ("/", {"/decisions/feed/": "application/atom+xml"}),
    ("/guidelines/", {"/guidelines.csv": "text/csv"}),
    ("/stats/?category=imaging", {
        **{f"/stats/{name}.csv?category=imaging": "text/csv"
           for name in ("month", "category", "guideline", "specialty", "year", "opioids")},
        "/decisions/feed/?category=imaging": "application/atom+xml"}),
    ("/guidelines/odg-low-back/", {
        **{f"/guidelines/odg-low-back/{name}.csv": "text/csv" for name in ("year", "category", "topic", "pages")},
        "/decisions/feed/?guideline=odg-low-back": "application/atom+xml"}),
])
def test_pages_announce_their_twins_in_the_header_and_the_head(client, path, expected):
    archive(letter_record(items=[item("MRI of the lumbar spine", guidelines=[citation("odg-low-back")])]))
    assert Guideline.objects.filter(slug="odg-low-back").exists()
    response = client.get(path)
    assert response.status_code == 200
    assert alternates(response) == expected
    body = response.content.decode()
    head = body[:body.index("</head>")]
    for url, kind in expected.items():
        assert f'<link rel="alternate" type="{kind}"' in head and f'href="{url.replace("&", "&amp;")}"' in head
        twin = client.get(url)
        assert twin.status_code == 200 and twin["Content-Type"].startswith(kind), url


@pytest.mark.django_db
def test_reviewer_profile_announces_its_table(client):
    case = archive(letter_record())
    response = client.get(case.reviewer.get_absolute_url())
    assert alternates(response) == {case.reviewer.get_absolute_url() + "category.csv": "text/csv"}


def test_no_view_spells_out_a_public_path():
    """Paths come from the URL names through `determinations.links`, nowhere else (URL patterns aside)."""
    spelled = []
    for module in [*(ROOT / "determinations").rglob("*.py"), *(ROOT / "desk").rglob("*.py")]:
        if "migrations" in module.parts or module.name in ("links.py", "urls.py", "api.py"):
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and PUBLIC_PATHS.match(node.value):
                spelled.append(f"{module.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert spelled == []
