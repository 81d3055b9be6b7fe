"""The generated files in the repository match what their sources generate today (the
`--check` mode of each generator, as CI would run it)."""

from __future__ import annotations

import pytest

from pyapp.cli import main


@pytest.mark.parametrize("command", ["rules", "schema", "problems", "engine-api", "layout"])
def test_generated_file_is_fresh(command, capsys):
    assert main([command, "--check"]) == 0, capsys.readouterr().err
