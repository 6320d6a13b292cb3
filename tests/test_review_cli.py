"""`relance review`: exit status, text and JSON output, standard input, colours, bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from relance._cli import main
from relance._cli.review import color_wanted, highlight
from relance._words.review import review

EMPTY_EN = "Hi Kevin, just following up on my email from last week. Any news?"
MIXED_FR = ("Bonjour, je me permets de revenir vers vous. Entre-temps, nous avons ajouté "
            "une option sans engagement.")


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


class Cli:
    """`relance review ARGS` in this process, its output captured."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> Run:
        code = main(["review", *args])
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("NO_COLOR", raising=False)
    return Cli(capsys)


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_exit_1_on_an_empty_check_in(cli: Cli) -> None:
    """An empty check-in: status 1, the outcome, then one line per finding."""
    run = cli(EMPTY_EN)
    assert run.code == 1
    assert run.err == ""
    lines = run.out.splitlines()
    assert lines[0].startswith("Empty check-in: it asks for news and brings nothing new.")
    assert lines[1] == ""
    assert lines[2] == "check-in  1:16    “following up”: only says that this is a follow-up"
    assert lines[3] == "check-in  1:57    “Any news”: asks for news or a status"
    assert "\x1b" not in run.out  # not a terminal: no colour


def test_exit_0_when_the_message_passes(cli: Cli) -> None:
    """Value plus an ask passes (status 0); explanations in the message's language."""
    run = cli(MIXED_FR)
    assert run.code == 0
    assert run.out.startswith("Pas une relance à vide\xa0: elle apporte du nouveau")
    assert "«\xa0une option\xa0»\xa0: propose une option" in run.out
    assert "check-in  1:10    «\xa0je me permets de revenir vers vous\xa0»" in run.out


def test_a_message_without_findings(cli: Cli) -> None:
    """Nothing found: status 0 and the outcome alone."""
    run = cli("Hello Tom, see you at the fair!")
    assert (run.code, run.out) == (0, "Not an empty check-in: it asks for no news.\n")


def test_locale_and_language_options(cli: Cli) -> None:
    """--locale chooses the explanations' language, --language the message's."""
    run = cli("Des nouvelles ?", "--locale", "en")
    assert run.code == 1
    assert "“Des nouvelles”: asks for news or a status" in run.out
    assert cli("Hi, des nouvelles ?").code == 0  # read as English: nothing found
    assert cli("Hi, des nouvelles ?", "--language", "fr").code == 1


def test_json(cli: Cli) -> None:
    """--format json: the verdict, the outcome, the findings with code-point offsets."""
    text = "Où en êtes-vous ? 40 % de temps gagné chez un client."
    run = cli(text, "--format", "json")
    assert run.code == 0
    data = json.loads(run.out)
    assert data["empty_check_in"] is False
    assert data["passes"] is True
    assert data["outcome"] == "check-in-with-value"
    assert (data["language"], data["locale"]) == ("fr", "fr")
    assert data["summary"].startswith("Pas une relance à vide")
    for finding in data["findings"]:
        assert text[finding["start"]:finding["end"]] == finding["text"]
        assert set(finding) == {"kind", "code", "start", "end", "text", "message"}
    assert [f["code"] for f in data["findings"]][:2] == ["asks-news", "figure"]


def test_json_of_an_empty_check_in_exits_1(cli: Cli) -> None:
    """The status does not depend on the format."""
    run = cli(EMPTY_EN, "--format", "json", "--locale", "fr")
    assert run.code == 1
    data = json.loads(run.out)
    assert data["empty_check_in"] is True
    assert data["findings"][1]["message"] == (
        "«\xa0Any news\xa0»\xa0: demande des nouvelles ou un état d'avancement"
    )


def test_standard_input(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """'-' reads the message from standard input (UTF-8, a byte order mark dropped)."""
    feed_stdin(monkeypatch, "\ufeffBonjour,\n\nje me permets de vous relancer.\n".encode())
    run = cli("-")
    assert run.code == 1
    assert "3:1" in run.out  # line 3, column 1: positions count lines


@pytest.mark.parametrize(("data", "message"), [
    (b"", "standard input: the message is empty; nothing to review"),
    (b"  \n\t\n", "standard input: the message is empty; nothing to review"),
    (b"caf\xe9 ?", "message on standard input is not UTF-8 text"),
])
def test_bad_standard_input(cli: Cli, monkeypatch: pytest.MonkeyPatch, data: bytes,
                            message: str) -> None:
    """An empty message or bytes that are not UTF-8: status 2, one line, nothing on stdout."""
    feed_stdin(monkeypatch, data)
    run = cli("-")
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1
    assert message in run.err


@pytest.mark.parametrize("args", [[""], ["   "], ["x", "--language", "de"],
                                  ["x", "--format", "yaml"], []])
def test_bad_options(cli: Cli, args: list[str]) -> None:
    """An empty TEXT, an unknown language or format, no TEXT: status 2, no traceback."""
    run = cli(*args)
    assert run.code == 2
    assert run.out == ""
    assert "Traceback" not in run.err


def test_colours(cli: Cli) -> None:
    """--color always: the message shown with its findings highlighted; never: plain."""
    run = cli(MIXED_FR + " Merci de me répondre d'ici vendredi.", "--color", "always")
    assert "\x1b[1;33mje me permets de revenir vers vous\x1b[0m" in run.out
    assert "\x1b[32mune option\x1b[0m" in run.out
    assert "\x1b[1;31mrépondre d'ici vendredi\x1b[0m" in run.out
    assert "\x1b" not in cli(MIXED_FR, "--color", "never").out


def test_control_characters_are_shown_not_sent(cli: Cli) -> None:
    """Escape sequences in the message never reach the terminal, even highlighted."""
    text = "Any news?\x1b[2J\x07 \u202egnp.exe"
    for color in ("always", "never"):
        run = cli(text, "--color", color)
        assert "\x1b[2J" not in run.out
        assert "\u202e" not in run.out
        assert "\\x1b[2J" in run.out or color == "never"


def test_color_wanted() -> None:
    """auto: a terminal without NO_COLOR nor TERM=dumb; always and never are obeyed."""

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert color_wanted("auto", Tty(), {})
    assert not color_wanted("auto", Tty(), {"NO_COLOR": "1"})
    assert not color_wanted("auto", Tty(), {"TERM": "dumb"})
    assert not color_wanted("auto", io.StringIO(), {})
    assert not color_wanted("auto", None, {})
    assert color_wanted("always", None, {"NO_COLOR": "1"})
    assert not color_wanted("never", Tty(), {})


def test_highlight_keeps_lines_and_overlaps() -> None:
    """Lines (LF, CRLF, CR) are kept; where kinds overlap, pressure wins over check-in."""
    text = "Hi,\r\nany news by Friday?\rBye\n\tok"
    shown = highlight(text, review(text).findings, color=False)
    assert shown == "Hi,\nany news by Friday?\nBye\n    ok\n"
    coloured = highlight("Please let me know by Friday.",
                         review("Please let me know by Friday.").findings, color=True)
    assert "\x1b[1;31m" in coloured


def test_help_lists_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`relance --help` lists review; `relance review --help` its options and statuses."""
    assert main(["--help"]) == 0
    assert "review" in capsys.readouterr().out
    assert main(["review", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("TEXT", "--language", "--locale", "--format", "--color", "empty check-in"):
        assert option in out


def test_as_a_user_runs_it() -> None:
    """`python -m relance review -` in a subprocess: stdin in, status 1, UTF-8 out."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PYTHONIOENCODING")}
    done = subprocess.run(
        [sys.executable, "-m", "relance", "review", "-", "--format", "json"],
        input=b"Je reviens vers vous : des nouvelles ?", capture_output=True,
        timeout=120, check=False, env=environ,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout.decode("utf-8"))["language"] == "fr"
