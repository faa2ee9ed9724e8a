import pytest

from nlp.anonymise import load_deduce


@pytest.fixture(scope="session")
def deduce():
    """deduce loads once per test session (seconds, about a gigabyte); its
    lookup cache is built once per machine in ~/.cache/storybank/deduce."""
    return load_deduce()
