"""Every command documents itself: a command without help text fails here."""

import pytest

from kehoach_cli import __version__
from kehoach_cli.cli import app

COMMANDS = sorted(command.name or command.callback.__name__ for command in app.registered_commands)


def test_the_commands_users_rely_on_exist():
    assert {"extract", "batch", "restore", "text", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help(kehoach, name):
    run = kehoach(name, "--help")
    assert run.code == 0
    assert len(run.text.split("Usage:", 1)[1].strip()) > 40
    command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
    assert (command.callback.__doc__ or "").strip()


def test_version(kehoach):
    assert kehoach("--version").text.strip() == f"kehoach {__version__}"
