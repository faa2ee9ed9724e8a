"""`pip install .` (not editable) gives a Storybank that runs outside the checkout.

The wheel is built from a copy of the checkout and installed with --no-deps into a fresh virtual
environment whose only other packages are this test environment's (through a path file), so the
test needs no network and takes seconds; what it checks is the package itself: templates, static
files, the corpus and the migrations inside it, and no path that points back into the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from storybank.devservers import free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # pip builds the wheel and a virtual environment; serve loads deduce in its own process
SKIP = shutil.ignore_patterns(".venv", ".git", "instance", "__pycache__", "build", "*.egg-info", ".pytest_cache")


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=SKIP)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "--wheel-dir", str(work / "dist"), str(source)])
    shutil.rmtree(source)  # nothing may depend on the copy either
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    target = Path(run([str(venv / "bin" / "python"), "-c",
                       "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (target / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next((work / "dist").glob("storybank-*.whl"))
    run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps",
         "--quiet", str(wheel)])
    return venv


def test_the_installed_package_lives_outside_the_checkout(installed, tmp_path):
    found = run([str(installed / "bin" / "python"), "-c",
                 "import storybank, nlp; print(storybank.__file__); print(nlp.__file__)"],
                cwd=tmp_path).stdout.split()
    assert all(str(installed) in path and str(ROOT) not in path for path in found), found


def test_init_and_serve_work_from_an_installed_package(installed, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("STORYBANK_")}
    env["STORYBANK_INSTANCE"] = str(tmp_path / "instance")
    storybank = str(installed / "bin" / "storybank")
    init = run([storybank, "init"], cwd=tmp_path, env=env)
    assert "pattern model: trained on" in init.stdout, init.stdout  # the corpus was found
    assert (tmp_path / "instance" / "storybank.sqlite").exists()
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([storybank, "serve", "--port", str(port)], cwd=tmp_path, env=env,
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        statuses = {}
        deadline = time.monotonic() + 120
        for path in ("/", "/verhalen", "/plaats/ruimte", "/static/style.css", "/deel-je-verhaal", "/geen-pagina"):
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                        statuses[path] = response.status
                        break
                except urllib.error.HTTPError as error:
                    statuses[path] = error.code
                    body = error.read().decode()
                    assert "Deze plek staat niet op de kaart" in body  # the error template was found
                    break
                except (ConnectionError, urllib.error.URLError):
                    assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                    time.sleep(0.5)
        assert statuses == {"/": 200, "/verhalen": 200, "/plaats/ruimte": 200, "/static/style.css": 200,
                            "/deel-je-verhaal": 200, "/geen-pagina": 404}
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
