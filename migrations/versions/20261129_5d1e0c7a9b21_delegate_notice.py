"""A notice to delegates: a bilingual text the secretariat sets in the event's settings,
shown on every registered person's home page.

Revision ID: 5d1e0c7a9b21
Revises: 5e1a7c2d9b30
Create Date: 2026-11-29 22:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1e0c7a9b21'
down_revision = '5e1a7c2d9b30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delegate_notice_en', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('delegate_notice_ms', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('delegate_notice_ms')
        batch_op.drop_column('delegate_notice_en')
