"""The Whoosh index under concurrent writers, vanished files and crashes (issue 10, defects 3-5).

Each test reproduces one failure seen under load, deterministically: another
writer replacing the table of contents between two reads, the index folder
deleted under threads that hold cached searchers, two processes publishing one
story in quick succession, a rebuild that crashes or is killed.
"""

import multiprocessing
import os
import re
import shutil
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError
from whoosh.writing import SegmentWriter

from storybank import create_app, search
from storybank.anonymity import curated
from storybank.cli import cli
from storybank.extensions import db
from storybank.models import Pattern, Story, StoryPattern
from tests.helpers import commit_rows

THREADS = 4


@pytest.fixture
def make_app(make_app):
    def make(**config):
        return make_app(**{"SEARCH": "whoosh", **config})
    return make


def same_settings(app) -> dict:
    """What another server process of the same site is started with."""
    return {key: app.config[key] for key in ("TESTING", "SECRET_KEY", "DATABASE_URL", "SEARCH")} | {
        "INSTANCE": app.instance_path}


def hits(client, **params):
    response = client.get("/zoeken", query_string=params)
    if response.status_code != 200:
        return response.status_code, None
    html = response.get_data(as_text=True)
    return 200, int(re.search(r'class="result-count" role="status">(\d+) result', html)[1])


def publish_directly(app, slug, title, text):
    with app.app_context(), curated():  # fixture rows, not typed text
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.slug == "ruimte"))
        story = Story(slug=slug, title=title, narrator_label="Een ouder vertelt", narrator_role="ouder",
                      month=5, year=2025, status="published", source="form", text=text)
        story.assignments.append(StoryPattern(pattern=pattern, rank=0, source="adviser"))
        db.session.add(story)
        commit_rows()  # the index is updated in the after-commit hook
        return story.id


def search_folders(app):
    return sorted(p.name for p in Path(app.instance_path).glob("search-*") if p.is_dir())


# -- defect 3: a stored story always gets its receipt ------------------------------------------


@pytest.fixture
def toc_replaced_once(monkeypatch):
    """Another writer commits just after Whoosh listed the folder and before it opens the table of
    contents it found there: _MAIN_n.toc is gone, _MAIN_n+1.toc has replaced it."""
    original = FileStorage.open_file
    state = {"replaced": 0, "busy": False}

    def open_file(self, name, *args, **kwargs):
        if name.endswith(".toc") and not state["replaced"] and not state["busy"]:
            state["busy"] = True
            try:
                writer = SegmentWriter(FileIndex(self), timeout=0.0)
            except LockError:
                pass  # a writer of ours is busy here: no other writer could commit now either
            else:
                state["replaced"] += 1
                writer.commit()
            finally:
                state["busy"] = False
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "open_file", open_file)
    return state


def test_a_told_story_gets_its_receipt_without_opening_the_index_files(indexed_app, deduce, toc_replaced_once):
    """Index trouble cannot cost a teller the receipt: a submission is not public, so storing it
    never opens the index (before storybank.changes, every flush did, and raced other writers)."""
    indexed_app.config["WTF_CSRF_ENABLED"] = False
    client = indexed_app.test_client()
    form = {"title": "Wachten op de index", "narrator_role": "ouder", "month": "4", "year": "2025",
            "consent": "y", "places": ["stroperigheid"],
            "text": "Wij wachtten maanden op een besluit over de hulp voor onze zoon. " * 5}
    html = client.post("/deel-je-verhaal", data={**form, "preview": "1"}).get_data(as_text=True)
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', html)[1]
    response = client.post("/deel-je-verhaal", data={**form, "confirm": "1", "fingerprint": fingerprint})
    assert toc_replaced_once["replaced"] == 0  # no index file was opened
    assert response.status_code == 302
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    reference = re.search(r'class="reference">(SB-[A-Z0-9]{6})<', receipt)[1]
    with indexed_app.app_context():
        assert db.session.scalar(db.select(Story).where(Story.reference == reference)) is not None


def test_publishing_while_another_writer_replaces_the_index_files_reaches_search(indexed_app, toc_replaced_once):
    publish_directly(indexed_app, "kabelbaan", "De kabelbaan", "Een verhaal over de kabelbaan naar het stadhuis.")
    assert toc_replaced_once["replaced"] == 1
    assert hits(indexed_app.test_client(), q="kabelbaan") == (200, 1)


def test_index_trouble_after_a_commit_is_logged_and_repaired_in_the_background(indexed_app, monkeypatch, caplog):
    indexed_app.config["SEARCH_RETRY_SECONDS"] = (0.05,)
    original = SegmentWriter.commit
    failures = {"left": 2}

    def failing_commit(self, *args, **kwargs):
        if failures["left"]:
            failures["left"] -= 1
            self.cancel()
            raise OSError(28, "No space left on device")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SegmentWriter, "commit", failing_commit)
    story_id = publish_directly(indexed_app, "zeppelin", "De zeppelin", "Een verhaal over de zeppelinhaven.")
    with indexed_app.app_context():
        assert db.session.get(Story, story_id).status == "published"  # stored, and the commit did not raise
    assert re.search(rf"search not updated for .*story:{story_id}", caplog.text)
    assert indexed_app.extensions["storybank.search.retry"].wait(timeout=30)
    assert failures["left"] == 0
    assert hits(indexed_app.test_client(), q="zeppelinhaven") == (200, 1)
    assert "search caught up with" in caplog.text


# -- defect 4: a deleted index folder gives 503, and every thread recovers ------------------------


def on_every_thread(pool, action):
    """Run ``action`` once on each of the pool's threads (a barrier keeps any thread from taking two)."""
    barrier = threading.Barrier(THREADS)

    def task():
        barrier.wait(timeout=30)
        return action()

    return [future.result() for future in [pool.submit(task) for _ in range(THREADS)]]


def delete_index(app, how):
    instance = Path(app.instance_path)
    if how == "live folder":
        shutil.rmtree(os.path.realpath(instance / "search"))
    else:  # rm -rf instance/search*: the link and every folder
        for path in instance.glob("search*"):
            if path.is_symlink() or path.is_file():
                path.unlink()
            else:
                shutil.rmtree(path)


def _reindex_in_another_process(settings):
    app = create_app(settings)
    with app.app_context():
        search.reindex()


def reindex(app, where):
    if where == "this process":
        result = app.test_cli_runner().invoke(cli, ["reindex"])
        assert result.exit_code == 0, result.output
    else:
        child = multiprocessing.get_context("fork").Process(
            target=_reindex_in_another_process, args=(same_settings(app),))
        child.start()
        child.join(timeout=120)
        assert child.exitcode == 0


@pytest.mark.parametrize("where", ["this process", "another process"])
@pytest.mark.parametrize("how", ["live folder", "link and folders"])
def test_deleted_index_answers_503_and_every_thread_recovers_after_reindex(indexed_app, how, where):
    indexed_app.config["SEARCH_AUTO_REBUILD"] = False
    client = indexed_app.test_client()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        before = on_every_thread(pool, lambda: hits(client, q="regels"))
        assert len(set(before)) == 1 and before[0][0] == 200 and before[0][1] > 0
        delete_index(indexed_app, how)
        assert on_every_thread(pool, lambda: hits(client, q="regels")) == [(503, None)] * THREADS
        assert client.get("/api/v1/zoek?q=regels").status_code == 503
        reindex(indexed_app, where)
        assert on_every_thread(pool, lambda: hits(client, q="regels")) == before


def test_deleted_index_is_rebuilt_automatically_and_every_thread_recovers(indexed_app, caplog):
    client = indexed_app.test_client()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        before = on_every_thread(pool, lambda: hits(client, q="regels"))
        delete_index(indexed_app, "link and folders")
        assert client.get("/zoeken?q=regels").status_code == 503
        for thread in threading.enumerate():
            if thread.name == "storybank-reindex":
                thread.join(timeout=60)
        assert "rebuilding it from the database" in caplog.text
        assert on_every_thread(pool, lambda: hits(client, q="regels")) == before


# -- defect 5: two processes never leave the older version in the index ----------------------------


def _move_story(settings, slug, place):
    """Another server process: an adviser moves the story to another place."""
    app = create_app(settings)
    with app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.slug == slug))
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.slug == place))
        story.assignments.clear()
        db.session.flush()
        story.assignments.append(StoryPattern(pattern=pattern, rank=0, source="adviser"))
        commit_rows()


def test_two_processes_moving_one_story_leave_the_newer_places_in_the_index(indexed_app, monkeypatch):
    from storybank.search.index import SearchIndex

    slug = "de-wachtlijst-op-tafel"
    original = SearchIndex._locked
    interleaved = {"done": False}

    def locked(self):
        # The other process publishes just before this one takes the index lock.
        if not interleaved["done"]:
            interleaved["done"] = True
            child = multiprocessing.get_context("fork").Process(
                target=_move_story, args=(same_settings(indexed_app), slug, "leiderschap"))
            child.start()
            child.join(timeout=120)
            assert child.exitcode == 0
        return original(self)

    monkeypatch.setattr(SearchIndex, "_locked", locked)
    with indexed_app.app_context():
        story = db.session.scalar(db.select(Story).where(Story.slug == slug))
        pattern = db.session.scalar(db.select(Pattern).where(Pattern.slug == "participatie"))
        story.assignments.clear()
        db.session.flush()
        story.assignments.append(StoryPattern(pattern=pattern, rank=0, source="adviser"))
        commit_rows()
        assert [a.pattern.slug for a in db.session.scalar(
            db.select(Story).where(Story.slug == slug)).assignments] == ["leiderschap"]
    assert interleaved["done"]
    client = indexed_app.test_client()
    found = lambda place: client.get("/zoeken", query_string={"q": "wachtlijst", "patroon": place}).text  # noqa: E731
    assert "De wachtlijst op tafel" in found("leiderschap")
    assert "De wachtlijst op tafel" not in found("participatie")
    with indexed_app.app_context():
        assert search.check().agrees


# -- reindex: short transactions, no orphan folders --------------------------------------------------


def test_reindex_holds_no_database_connection_while_it_writes_the_index(indexed_app, monkeypatch):
    from storybank.search import documents

    monkeypatch.setattr(documents, "BATCH", 10, raising=False)
    original = SegmentWriter.add_document
    checked_out = []

    def add_document(self, **fields):
        checked_out.append(db.engine.pool.checkedout())
        return original(self, **fields)

    monkeypatch.setattr(SegmentWriter, "add_document", add_document)
    with indexed_app.app_context():
        count = search.reindex()
    assert len(checked_out) == count > 100
    assert max(checked_out) == 0  # no read transaction stays open while the index is written


def test_a_crashed_rebuild_leaves_no_folder_and_the_live_index_answering(indexed_app, monkeypatch):
    from storybank.search import documents

    before = search_folders(indexed_app)
    original = documents.story_document
    calls = {"n": 0}

    def crashing(story, *args):
        calls["n"] += 1
        if calls["n"] > 20:
            raise RuntimeError("database is locked")
        return original(story, *args)

    monkeypatch.setattr(documents, "story_document", crashing)
    result = indexed_app.test_cli_runner().invoke(cli, ["reindex"])
    assert result.exit_code == 1
    assert "reindex failed, the index in use was left as it was: database is locked" in result.output
    assert search_folders(indexed_app) == before
    assert hits(indexed_app.test_client(), q="regels")[1] > 0


def _rebuild_and_hang(settings, ready):
    app = create_app(settings)
    original = SegmentWriter.add_document

    def add_then_hang(self, **fields):
        original(self, **fields)
        ready.set()
        time.sleep(600)

    SegmentWriter.add_document = add_then_hang
    with app.app_context():
        search.reindex()


def kill_a_rebuild_halfway(app):
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    child = context.Process(target=_rebuild_and_hang, args=(same_settings(app), ready))
    child.start()
    assert ready.wait(timeout=60)
    os.kill(child.pid, signal.SIGKILL)
    child.join(timeout=30)
    leftovers = [name for name in search_folders(app) if name.startswith("search-build-")]
    assert len(leftovers) == 1  # what kill -9 leaves behind


def test_folders_of_a_rebuild_killed_with_sigkill_are_removed_by_the_next_start_or_reindex(indexed_app, make_app):
    live = os.path.realpath(Path(indexed_app.instance_path, "search"))
    kill_a_rebuild_halfway(indexed_app)
    restarted = create_app(same_settings(indexed_app))
    assert not [n for n in search_folders(restarted) if n.startswith("search-build-")]
    assert os.path.realpath(Path(indexed_app.instance_path, "search")) == live
    assert hits(restarted.test_client(), q="regels")[1] > 0

    kill_a_rebuild_halfway(restarted)
    result = restarted.test_cli_runner().invoke(cli, ["reindex"])
    assert result.exit_code == 0, result.output
    assert not [n for n in search_folders(restarted) if n.startswith("search-build-")]
    assert len(search_folders(restarted)) == 2  # the new index and the one it replaced
    with restarted.app_context():
        for engine in db.engines.values():
            engine.dispose()


# -- storybank reindex --check -----------------------------------------------------------------------


def test_reindex_check_reports_missing_stale_and_extra_documents(indexed_app):
    runner = indexed_app.test_cli_runner()
    result = runner.invoke(cli, ["reindex", "--check"])
    assert result.exit_code == 0, result.output
    assert "search index agrees with the database" in result.output

    with indexed_app.app_context():
        ids = dict(db.session.execute(db.select(Story.slug, Story.id)).all())
        # Changes made behind the app's back (another tool, a restored backup): no hook runs.
        with db.engine.begin() as connection:
            connection.execute(db.text("UPDATE story SET status = 'submitted' WHERE id = :id"),
                               {"id": ids["de-wachtlijst-op-tafel"]})
            connection.execute(db.text("UPDATE story SET updated_at = :when WHERE id = :id"),
                               {"id": ids["de-mislukte-pilot"], "when": datetime(2031, 1, 1, tzinfo=timezone.utc)})
        search.get_index().apply([], [f"story:{ids['ik-teken-zelf']}"])
    result = runner.invoke(cli, ["reindex", "--check"])
    assert result.exit_code == 1
    assert f"missing (1): story:{ids['ik-teken-zelf']}" in result.output
    assert f"stale (1): story:{ids['de-mislukte-pilot']}" in result.output
    assert f"extra (1): story:{ids['de-wachtlijst-op-tafel']}" in result.output

    with indexed_app.app_context():
        assert not search.get_backend().catch_up(db.engine).agrees  # what it found and repaired
    result = runner.invoke(cli, ["reindex", "--check"])
    assert result.exit_code == 0, result.output
