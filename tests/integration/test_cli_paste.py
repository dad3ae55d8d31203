"""`mhc paste parse FILE [--kind] [--json]`, run in-process as a shell runs it."""

from __future__ import annotations

import gc
import io
import json
from pathlib import Path

import pytest

from mhc.entrypoints.cli import main

CORPUS = Path(__file__).parents[1] / "unit" / "chatlog_corpus"


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MHC_BROADCASTER", "hudson_cage")


def test_paste_parse_prints_messages_tips_and_names_with_their_places(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["paste", "parse", str(CORPUS / "structured_show.txt")])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("9 lines (structured): 6 messages, 2 tips, 0 tip-menu items, 3 names")
    assert "hudson_cage (owner): sure, what's up" in out
    assert "  lazy_wolf_39  50 tokens  for you" in out
    assert "  lazy_wolf_39  (speaker, mention, tip)" in out


def test_paste_parse_prints_json_and_reads_the_kind_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["paste", "parse", "--kind", "dm", "--json", str(CORPUS / "dm_thread_copied.txt")])

    body = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(m["speaker"], m["kind"], m["from_owner"]) for m in body["messages"]] == [
        ("velvet_fox_93", "dm", False),
        ("hudson_cage", "dm", True),
        ("velvet_fox_93", "dm", False),
        ("hudson_cage", "dm", True),
    ]
    assert body["names"] == [{"username": "velvet_fox_93", "sources": ["speaker"]}]


def test_paste_parse_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("time,user,type,message\n21:00,shy_owl_87,PM,hi\n")
    )

    code = main(["paste", "parse", "-", "--json"])

    body = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [n["username"] for n in body["names"]] == ["shy_owl_87"]


def test_paste_parse_exits_1_with_one_line_when_the_file_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["paste", "parse", "no-such-paste.txt"])

    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err == ["mhc: cannot read no-such-paste.txt: No such file or directory"]


def test_the_garbage_collector_runs_again_with_the_parser_frozen_when_an_argument_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    frozen = gc.get_freeze_count()

    with pytest.raises(SystemExit) as refused:
        main(["paste", "parse"])

    assert refused.value.code == 2
    assert "the following arguments are required: file" in capsys.readouterr().err
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen
