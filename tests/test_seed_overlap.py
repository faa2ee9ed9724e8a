"""No sentence of the seed documents may appear in the project."""

import subprocess
import sys

import pytest

from tests.helpers import PROJECT_ROOT

CHECKER = PROJECT_ROOT.parent / "shared" / "tools" / "seed_overlap.py"


@pytest.mark.skipif(not CHECKER.exists(), reason="../shared/tools/seed_overlap.py is not beside this checkout")
def test_no_ten_word_run_is_shared_with_the_seeds():
    result = subprocess.run([sys.executable, str(CHECKER), str(PROJECT_ROOT)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
