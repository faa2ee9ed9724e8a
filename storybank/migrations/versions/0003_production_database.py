"""Production database: conventional constraint names, JSON columns, the model artefact table.

- Every constraint gets the name the models' naming convention gives it (pk_story,
  uq_story_slug, fk_story_pattern_story_id_story, ck_story_status_allowed, ...). Before this,
  SQLite and PostgreSQL each named unnamed constraints their own way, and databases made by
  ``create_all`` differ from those made by the baseline migration.
- story.teller_places (comma-joined slugs) and story.findings (JSON in text) become JSON
  columns (JSONB on PostgreSQL); existing values are converted.
- model_artefact holds the trained pattern model, so that every server uses the same one.

SQLite cannot rename constraints or change a column's type: each table is rebuilt from the
definition below (batch mode copies the rows). PostgreSQL renames in place.

Revision ID: 0003
Revises: 0002
"""

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from storybank.extensions import NAMING_CONVENTION as NAMING  # the rule itself never changes

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON_DATA = sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
TZ = sa.DateTime(timezone=True)


def _one_of(column, values):
    return sa.CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})", name=f"{column}_allowed")


def _tables(metadata: sa.MetaData, *, json_columns: bool = True) -> dict[str, sa.Table]:
    """The schema of revision 0003, frozen here (the models may move on)."""
    text_or_json = (JSON_DATA, JSON_DATA) if json_columns else (sa.String(400), sa.Text())
    c = sa.Column
    tables = [
        sa.Table("adviser", metadata,
                 c("id", sa.Integer, primary_key=True), c("email", sa.String(200), nullable=False, unique=True),
                 c("password_hash", sa.String(300), nullable=False), c("active", sa.Boolean, nullable=False),
                 c("failed_logins", sa.Integer, nullable=False), c("locked_until", TZ),
                 c("created_at", TZ, nullable=False)),
        sa.Table("pattern", metadata,
                 c("id", sa.Integer, primary_key=True), c("slug", sa.String(80), nullable=False, unique=True),
                 c("name", sa.String(120), nullable=False), c("place_name", sa.String(120), nullable=False),
                 c("summary", sa.Text, nullable=False), c("description", sa.Text, nullable=False),
                 c("map_x", sa.Integer, nullable=False), c("map_y", sa.Integer, nullable=False),
                 c("journey_order", sa.Integer, nullable=False), c("status", sa.String(20), nullable=False),
                 _one_of("status", ["active", "emerging"])),
        sa.Table("story", metadata,
                 c("id", sa.Integer, primary_key=True), c("slug", sa.String(120), nullable=False, unique=True),
                 c("title", sa.String(200), nullable=False), c("narrator_label", sa.String(200), nullable=False),
                 c("narrator_role", sa.String(40), nullable=False), c("narrator_role_other", sa.String(120)),
                 c("organisation_type", sa.String(40)), c("month", sa.Integer, nullable=False),
                 c("year", sa.Integer, nullable=False), c("text", sa.Text, nullable=False),
                 c("status", sa.String(20), nullable=False, index=True), c("source", sa.String(20), nullable=False),
                 c("created_at", TZ, nullable=False), c("updated_at", TZ, nullable=False), c("published_at", TZ),
                 c("reference", sa.String(20), unique=True), c("teller_places", text_or_json[0]),
                 c("findings", text_or_json[1]), c("content_hash", sa.String(64), index=True),
                 c("rejection_reason", sa.Text),
                 c("near_duplicate_of_id", sa.Integer, sa.ForeignKey("story.id", ondelete="SET NULL")),
                 c("withdrawal_hash", sa.String(64)),
                 _one_of("status", ["submitted", "published", "rejected", "withdrawn"]),
                 _one_of("source", ["corpus", "form", "import"]),
                 sa.CheckConstraint("month BETWEEN 1 AND 12", name="month_range")),
        sa.Table("audit_event", metadata,
                 c("id", sa.Integer, primary_key=True), c("at", TZ, nullable=False, index=True),
                 c("adviser_id", sa.Integer, sa.ForeignKey("adviser.id")),
                 c("story_id", sa.Integer, sa.ForeignKey("story.id", ondelete="SET NULL")),
                 c("action", sa.String(40), nullable=False), c("detail", sa.Text)),
        sa.Table("story_pattern", metadata,
                 c("story_id", sa.Integer, sa.ForeignKey("story.id"), primary_key=True),
                 c("pattern_id", sa.Integer, sa.ForeignKey("pattern.id"), primary_key=True),
                 c("rank", sa.Integer, nullable=False), c("score", sa.Float), c("source", sa.String(20), nullable=False),
                 c("exemplary", sa.Boolean, nullable=False), _one_of("source", ["model", "adviser"])),
        sa.Table("tip", metadata,
                 c("id", sa.Integer, primary_key=True), c("pattern_id", sa.Integer, sa.ForeignKey("pattern.id"),
                                                          nullable=False),
                 c("audience", sa.String(40), nullable=False), c("text", sa.Text, nullable=False),
                 sa.UniqueConstraint("pattern_id", "audience"),
                 _one_of("audience", ["professionals", "coordinatoren", "ketenpartners", "gemeenten"])),
    ]
    return {table.name: table for table in tables}


def _places_to_json(value):
    if value is None or value.startswith("["):
        return value
    slugs = [slug for slug in value.split(",") if slug]
    return json.dumps(slugs) if slugs else None


def upgrade() -> None:
    bind = op.get_bind()
    story = sa.table("story", sa.column("id", sa.Integer), sa.column("teller_places", sa.Text),
                     sa.column("findings", sa.Text))
    if bind.dialect.name == "postgresql":
        _rename_constraints_postgresql(bind, _tables(sa.MetaData(naming_convention=NAMING)))
        op.execute("""ALTER TABLE story ALTER COLUMN teller_places TYPE JSONB USING CASE
                          WHEN teller_places IS NULL OR teller_places = '' THEN NULL
                          ELSE to_jsonb(array_remove(string_to_array(teller_places, ','), '')) END""")
        op.execute("ALTER TABLE story ALTER COLUMN findings TYPE JSONB USING NULLIF(findings, '')::jsonb")
    else:
        rows = bind.execute(sa.select(story.c.id, story.c.teller_places)
                            .where(story.c.teller_places.is_not(None))).all()
        for story_id, places in rows:
            bind.execute(story.update().where(story.c.id == story_id)
                         .values(teller_places=_places_to_json(places)))
        bind.execute(story.update().where(story.c.findings == "").values(findings=None))
        tables = _tables(sa.MetaData(naming_convention=NAMING))
        for name in ("adviser", "pattern", "story", "audit_event", "story_pattern", "tip"):
            with op.batch_alter_table(name, recreate="always", copy_from=tables[name]):
                pass
            for index in tables[name].indexes:  # the rebuilt table starts without them
                op.create_index(index.name, name, [column.name for column in index.columns])
    op.create_table(
        "model_artefact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("format_version", sa.Integer(), nullable=False),
        sa.Column("trained_at", TZ, nullable=False),
        sa.Column("library_versions", JSON_DATA, nullable=False),
        sa.Column("meta", JSON_DATA, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_artefact")),
    )
    op.create_index(op.f("ix_model_artefact_name"), "model_artefact", ["name"], unique=False)


def _rename_constraints_postgresql(bind, tables: dict[str, sa.Table]) -> None:
    """Give every constraint its conventional name, whatever it was called before."""
    inspector = sa.inspect(bind)
    for name, table in tables.items():
        wanted = {}  # current name -> conventional name
        pk = inspector.get_pk_constraint(name)
        wanted[pk["name"]] = table.primary_key.name
        uniques = {tuple(uq.columns.keys()): uq.name for uq in table.constraints
                   if isinstance(uq, sa.UniqueConstraint) and not isinstance(uq, sa.PrimaryKeyConstraint)}
        for uq in inspector.get_unique_constraints(name):
            wanted[uq["name"]] = uniques[tuple(uq["column_names"])]
        foreign = {tuple(fk.column_keys): fk.name for fk in table.foreign_key_constraints}
        for fk in inspector.get_foreign_keys(name):
            wanted[fk["name"]] = foreign[tuple(fk["constrained_columns"])]
        checks = {ck.name.removeprefix(f"ck_{name}_"): ck.name for ck in table.constraints
                  if isinstance(ck, sa.CheckConstraint) and ck.name}
        for ck in inspector.get_check_constraints(name):
            base = ck["name"].removeprefix(f"ck_{name}_").removeprefix("ck_")
            wanted[ck["name"]] = checks[base]
        for old, new in wanted.items():
            if old != new:
                op.execute(f'ALTER TABLE "{name}" RENAME CONSTRAINT "{old}" TO "{new}"')


def downgrade() -> None:
    op.drop_index(op.f("ix_model_artefact_name"), table_name="model_artefact")
    op.drop_table("model_artefact")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("""ALTER TABLE story ALTER COLUMN teller_places TYPE VARCHAR(400)
                          USING NULLIF(translate(teller_places::text, '[]" ', ''), '')""")  # slugs: no commas
        op.execute("ALTER TABLE story ALTER COLUMN findings TYPE TEXT USING findings::text")
        return
    story = sa.table("story", sa.column("id", sa.Integer), sa.column("teller_places", sa.Text))
    for story_id, places in bind.execute(sa.select(story.c.id, story.c.teller_places)
                                         .where(story.c.teller_places.is_not(None))).all():
        bind.execute(story.update().where(story.c.id == story_id)
                     .values(teller_places=",".join(json.loads(places)) or None))
    table = _tables(sa.MetaData(naming_convention=NAMING), json_columns=False)["story"]
    with op.batch_alter_table("story", recreate="always", copy_from=table):
        pass
