"""the event's look (colours, logo, contact address) and spreadsheets kept between preview and import

Revision ID: 5e1f0a7c2d41
Revises: bde84d9601ff
Create Date: 2026-11-29 22:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

import ascn.db

# revision identifiers, used by Alembic.
revision = "5e1f0a7c2d41"
down_revision = "bde84d9601ff"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("primary_colour", sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column("accent_colour", sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column("logo_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("contact_email", sa.String(length=254), nullable=False, server_default="")
        )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.alter_column("contact_email", server_default=None)
    op.create_table(
        "event_logo",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_logo_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_logo")),
    )
    op.create_table(
        "kept_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", ascn.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", ascn.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_kept_upload_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_kept_upload_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_upload")),
        sa.UniqueConstraint("token", name=op.f("uq_kept_upload_token")),
    )
    with op.batch_alter_table("kept_upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kept_upload_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_kept_upload_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_kept_upload_expires_at"), ["expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("kept_upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kept_upload_expires_at"))
        batch_op.drop_index(batch_op.f("ix_kept_upload_user_id"))
        batch_op.drop_index(batch_op.f("ix_kept_upload_event_id"))
    op.drop_table("kept_upload")
    op.drop_table("event_logo")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("contact_email")
        batch_op.drop_column("logo_digest")
        batch_op.drop_column("accent_colour")
        batch_op.drop_column("primary_colour")
