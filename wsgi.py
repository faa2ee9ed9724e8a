"""The WSGI entry point for other servers: ``gunicorn wsgi:app``, ``waitress-serve wsgi:app``, ...

Importing it loads what the site needs (deduce, the pattern model, the search index) before the
server accepts traffic, as ``storybank serve`` does. With gunicorn, add ``--preload`` so that this
happens once and the workers share deduce's gigabyte. Commands: ``flask --app storybank <command>``.
"""

from storybank import create_app
from storybank.serving import prepare

app = create_app({"SEARCH_REBUILD_ON_START": False})  # prepare() rebuilds a broken index first
prepare(app)
