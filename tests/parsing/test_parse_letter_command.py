"""The `parse_letter` management command: its output goes where Django says, its errors are CommandErrors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import LETTERS


def test_parse_letter_writes_to_the_commands_stdout():
    out = io.StringIO()
    call_command("parse_letter", str(LETTERS / "CM16-0213037.pdf"), "--json", stdout=out)
    assert json.loads(out.getvalue())["case_number"] == "CM16-0213037" and out.getvalue().count("\n") == 1


def test_parse_letter_reports_an_unreadable_file_as_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read") as raised:
        call_command("parse_letter", str(tmp_path / "missing.txt"), stdout=io.StringIO())
    assert raised.value.returncode == 2
