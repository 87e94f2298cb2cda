"""preset rejection reasons

Revision ID: 5e1a7c2d9b30
Revises: ce4602e69f75
Create Date: 2026-11-29 22:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e1a7c2d9b30"
down_revision = "ce4602e69f75"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rejection_reason",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("label_en", sa.String(length=120), nullable=False),
        sa.Column("label_ms", sa.String(length=120), nullable=False),
        sa.Column("text_en", sa.String(length=1000), nullable=False),
        sa.Column("text_ms", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_rejection_reason_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejection_reason")),
    )
    with op.batch_alter_table("rejection_reason", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rejection_reason_event_id"), ["event_id"], unique=False)


def downgrade():
    with op.batch_alter_table("rejection_reason", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rejection_reason_event_id"))
    op.drop_table("rejection_reason")
