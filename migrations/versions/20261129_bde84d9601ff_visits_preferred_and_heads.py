"""Site visits: seats held back for Heads of Delegation until a release time, and a place
in line for a preferred visit that keeps the seat held at the same hour.

Revision ID: bde84d9601ff
Revises: 5d1e0c7a9b21
Create Date: 2026-11-29 22:16:50.331026

"""

import sqlalchemy as sa
from alembic import op

import ascn.db

revision = "bde84d9601ff"
down_revision = '5d1e0c7a9b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("site_visit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reserved_for_heads", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("release_at", ascn.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("heads_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_check_constraint(
            "reserved_within_seats", "reserved_for_heads >= 0 AND reserved_for_heads <= seats"
        )
        batch_op.create_check_constraint(
            "reserved_until_release", "reserved_for_heads = 0 OR release_at IS NOT NULL"
        )

    with op.batch_alter_table("visit_booking", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_booking_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_visit_booking_held_booking_id", ["held_booking_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_visit_booking_held_booking_id_visit_booking"),
            "visit_booking",
            ["held_booking_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(
            "holds_only_while_waiting", "held_booking_id IS NULL OR status = 'waiting'"
        )


def downgrade():
    with op.batch_alter_table("visit_booking", schema=None) as batch_op:
        batch_op.drop_constraint("holds_only_while_waiting", type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_visit_booking_held_booking_id_visit_booking"), type_="foreignkey"
        )
        batch_op.drop_constraint("uq_visit_booking_held_booking_id", type_="unique")
        batch_op.drop_column("held_booking_id")

    with op.batch_alter_table("site_visit", schema=None) as batch_op:
        batch_op.drop_constraint("reserved_until_release", type_="check")
        batch_op.drop_constraint("reserved_within_seats", type_="check")
        batch_op.drop_column("heads_count")
        batch_op.drop_column("release_at")
        batch_op.drop_column("reserved_for_heads")
