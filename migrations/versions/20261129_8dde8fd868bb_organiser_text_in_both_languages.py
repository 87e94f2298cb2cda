"""organiser text in both languages: a room's floor, a speaker's organisation, the event's
venue and city; releases already published hold them as pairs too

Revision ID: 8dde8fd868bb
Revises: bef369b3cbf5
Create Date: 2026-11-29 11:22:00.000000

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8dde8fd868bb'
down_revision = 'bef369b3cbf5'
branch_labels = None
depends_on = None

# table: [(column, length)]; the value typed so far becomes the English one.
COLUMNS = {
    "event": [("venue", 200), ("city", 100)],
    "programme_room": [("floor", 40)],
    "programme_speaker": [("organisation", 300)],
}
# Inside a published release's JSON: list key → field now stored as {"en", "ms"}.
RELEASE_FIELDS = {"rooms": "floor", "speakers": "organisation"}


def upgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, length in columns:
                batch_op.alter_column(
                    column, new_column_name=f"{column}_en", existing_type=sa.String(length), existing_nullable=False
                )
                batch_op.add_column(
                    sa.Column(f"{column}_ms", sa.String(length), nullable=False, server_default="")
                )
    _releases(lambda value: value if isinstance(value, dict) else {"en": value or "", "ms": ""})


def downgrade():
    _releases(lambda value: (value.get("en") or value.get("ms") or "") if isinstance(value, dict) else value)
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, length in columns:
                batch_op.drop_column(f"{column}_ms")
                batch_op.alter_column(
                    f"{column}_en", new_column_name=column, existing_type=sa.String(length), existing_nullable=False
                )


def _releases(convert):
    bind = op.get_bind()
    for id_, snapshot in bind.execute(sa.text("SELECT id, snapshot FROM programme_release")).all():
        data = json.loads(snapshot)
        for key, field in RELEASE_FIELDS.items():
            for item in data.get(key, []):
                if field in item:
                    item[field] = convert(item[field])
        bind.execute(
            sa.text("UPDATE programme_release SET snapshot = :s WHERE id = :id"),
            {"s": json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")), "id": id_},
        )
