"""search.sync.Retry: index updates that failed after their commit are tried again until they land."""

import logging

from storybank import search
from storybank.search import sync


class FlakyBackend:
    """Fails the first ``failures`` updates, then records what it is given."""

    def __init__(self, failures):
        self.failures, self.updates = failures, []

    def healthy(self):
        return True

    def update(self, keys, bind):
        if self.failures:
            self.failures -= 1
            raise OSError("index busy")
        self.updates.append(set(keys))


def test_failed_keys_are_retried_until_they_land(app, monkeypatch, caplog):
    app.config["SEARCH_RETRY_SECONDS"] = (0.01, 0.02)
    backend = FlakyBackend(failures=2)
    monkeypatch.setitem(app.extensions, search.EXTENSION, backend)
    retry = sync.Retry(app)
    with caplog.at_level(logging.WARNING, logger="storybank.search.sync"):
        retry.add({"story:1", "tip:2"})
        retry.add({"story:3"})
        assert retry.wait(10)
    assert set().union(*backend.updates) == {"story:1", "tip:2", "story:3"}
    assert retry.failures == 0 and retry.keys == set()
    assert "search caught up with" in caplog.text


def test_changed_hands_a_failed_update_to_the_retry(app, monkeypatch):
    app.config["SEARCH_RETRY_SECONDS"] = (0.01,)
    backend = FlakyBackend(failures=1)
    monkeypatch.setitem(app.extensions, search.EXTENSION, backend)
    monkeypatch.setitem(app.extensions, sync.RETRY, sync.Retry(app))
    with app.app_context():
        search.changed({"story:7"})  # fails: logged, never raised to the caller
        assert backend.updates == []
        assert app.extensions[sync.RETRY].wait(10)
    assert backend.updates == [{"story:7"}]


def test_changed_with_nothing_to_do_does_not_reach_the_backend(app, monkeypatch):
    backend = FlakyBackend(failures=0)
    monkeypatch.setitem(app.extensions, search.EXTENSION, backend)
    with app.app_context():
        search.changed(set())
    assert backend.updates == []
