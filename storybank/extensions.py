"""Shared extension handles, created unbound and attached in the app factory."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


def _check_prefix(constraint, table) -> str:
    """ck_<table>_ before a check's name, unless it has one already (older migrations name theirs)."""
    return "" if str(constraint.name).startswith("ck_") else f"ck_{table.name}_"


# Constraint and index names follow one rule, so that migrations create, find and drop them by the
# same name on SQLite and PostgreSQL (each would otherwise invent its own).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "check_prefix": _check_prefix,
    "ck": "%(check_prefix)s%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
