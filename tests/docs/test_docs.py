"""The docs build, and the commands they show are ones that exist."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from storybank.cli import cli
from storybank.config import markdown_table

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
SPAN = re.compile(r"`([^`\n]+)`")


def shown_code() -> str:
    """Everything the pages show as code: fenced blocks and `spans`."""
    parts = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        parts += FENCE.findall(text)
        parts += SPAN.findall(FENCE.sub("", text))
    return "\n".join(parts)


CODE = shown_code()
COMMANDS = sorted(set(re.findall(r"(?:^|[\s/(])storybank ([a-z][a-z-]*)", CODE, re.M)))
TARGETS = sorted(set(re.findall(r"(?:^|[\s(])make ([a-z][a-z-]*)", CODE, re.M)))
MODULES = sorted(set(re.findall(r"python3? -m ([A-Za-z_][\w.]*)", CODE)))
MAKEFILE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def test_the_site_builds_strictly(tmp_path):
    """--strict turns every warning into a failure: a broken link or anchor, a page left out of the nav."""
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "lifecycle" / "index.html").exists()


def test_the_docs_show_commands_of_each_kind():
    assert {"init", "serve", "purge"} <= set(COMMANDS)
    assert {"run", "test"} <= set(TARGETS)
    assert "bench.anon_probes" in MODULES


@pytest.mark.parametrize("command", COMMANDS)
def test_every_storybank_command_shown_exists(command):
    assert command in cli.commands, f"the docs show 'storybank {command}', which the CLI does not have"


@pytest.mark.parametrize("target", TARGETS)
def test_every_make_target_shown_exists(target):
    assert target in MAKEFILE_TARGETS, f"the docs show 'make {target}', which the Makefile does not have"


@pytest.mark.parametrize("module", MODULES)
def test_every_python_module_shown_can_be_found(module):
    assert importlib.util.find_spec(module) is not None, f"the docs show 'python -m {module}'"


def test_the_configuration_page_shows_the_table_config_py_makes():
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- begin: storybank config -->\n(.*?)<!-- end: storybank config -->", page, re.S)
    assert shown, "docs/configuration.md lost its markers around the generated table"
    assert shown.group(1) == markdown_table(), (
        "docs/configuration.md is out of date: paste the output of `storybank config` between its markers")
