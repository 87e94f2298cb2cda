"""Check-in: lists (a door or a bus), the devices paired to them, every scan, who is inside
and the conflicts organisers review.

Revision ID: a510c3683349
Revises: 5fc607eb9d13
Create Date: 2026-11-29 15:20:43.036894

"""
from alembic import op
import sqlalchemy as sa

import ascn.db


# revision identifiers, used by Alembic.
revision = 'a510c3683349'
down_revision = '5fc607eb9d13'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checkin_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('name_ms', sa.String(length=120), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('all_categories', sa.Boolean(), nullable=False),
    sa.Column('created_at', ascn.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind = 'visit') = (visit_id IS NOT NULL)", name=op.f('ck_checkin_list_visit_when_bus')),
    sa.CheckConstraint("kind IN ('door', 'visit')", name=op.f('ck_checkin_list_kind')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_checkin_list_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visit_id'], ['site_visit.id'], name=op.f('fk_checkin_list_visit_id_site_visit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_list')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_checkin_list_visit_id'))
    )
    with op.batch_alter_table('checkin_list', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_list_event_id'), ['event_id'], unique=False)

    op.create_table('checkin_device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', ascn.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('pairing_digest', sa.String(length=64), nullable=True),
    sa.Column('pairing_expires_at', ascn.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('secret_digest', sa.String(length=64), nullable=True),
    sa.Column('paired_by_id', sa.Integer(), nullable=True),
    sa.Column('paired_at', ascn.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', ascn.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('last_seen_at', ascn.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_checkin_device_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['list_id'], ['checkin_list.id'], name=op.f('fk_checkin_device_list_id_checkin_list'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paired_by_id'], ['user_account.id'], name=op.f('fk_checkin_device_paired_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'], name=op.f('fk_checkin_device_revoked_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_device')),
    sa.UniqueConstraint('pairing_digest', name=op.f('uq_checkin_device_pairing_digest')),
    sa.UniqueConstraint('secret_digest', name=op.f('uq_checkin_device_secret_digest'))
    )
    with op.batch_alter_table('checkin_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_device_list_id'), ['list_id'], unique=False)

    op.create_table('checkin_list_category',
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_checkin_list_category_category_id_category'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['list_id'], ['checkin_list.id'], name=op.f('fk_checkin_list_category_list_id_checkin_list'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('list_id', 'category_id', name=op.f('pk_checkin_list_category'))
    )
    op.create_table('checkin_list_staff',
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['checkin_list.id'], name=op.f('fk_checkin_list_staff_list_id_checkin_list'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_checkin_list_staff_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('list_id', 'user_id', name=op.f('pk_checkin_list_staff'))
    )
    with op.batch_alter_table('checkin_list_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_list_staff_user_id'), ['user_id'], unique=False)

    op.create_table('checkin_presence',
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('inside', sa.Boolean(), nullable=False),
    sa.Column('since', ascn.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_entry_at', ascn.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['list_id'], ['checkin_list.id'], name=op.f('fk_checkin_presence_list_id_checkin_list'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_checkin_presence_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('list_id', 'registration_id', name=op.f('pk_checkin_presence'))
    )
    with op.batch_alter_table('checkin_presence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_presence_registration_id'), ['registration_id'], unique=False)

    op.create_table('checkin_scan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=40), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('serial', sa.Integer(), nullable=True),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('device_outcome', sa.String(length=16), nullable=True),
    sa.Column('admitted', sa.Boolean(), nullable=False),
    sa.Column('scanned_at', ascn.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('device_time', ascn.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('received_at', ascn.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('scanned_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("device_outcome IS NULL OR device_outcome IN ('valid', 'unknown', 'revoked', 'cancelled', 'not_approved', 'change_pending', 'not_on_list', 'standby', 'already_inside')", name=op.f('ck_checkin_scan_device_outcome')),
    sa.CheckConstraint("direction IN ('in', 'out')", name=op.f('ck_checkin_scan_direction')),
    sa.CheckConstraint("outcome IN ('valid', 'unknown', 'revoked', 'cancelled', 'not_approved', 'change_pending', 'not_on_list', 'standby', 'already_inside')", name=op.f('ck_checkin_scan_outcome')),
    sa.ForeignKeyConstraint(['device_id'], ['checkin_device.id'], name=op.f('fk_checkin_scan_device_id_checkin_device'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['list_id'], ['checkin_list.id'], name=op.f('fk_checkin_scan_list_id_checkin_list'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_checkin_scan_registration_id_registration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scanned_by_id'], ['user_account.id'], name=op.f('fk_checkin_scan_scanned_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_scan')),
    sa.UniqueConstraint('device_id', 'client_id', name=op.f('uq_checkin_scan_device_id_client_id'))
    )
    with op.batch_alter_table('checkin_scan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_scan_device_id'), ['device_id'], unique=False)
        batch_op.create_index('ix_checkin_scan_list_time', ['list_id', 'scanned_at'], unique=False)
        batch_op.create_index('ix_checkin_scan_timeline', ['list_id', 'registration_id', 'scanned_at'], unique=False)

    op.create_table('checkin_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('other_scan_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('created_at', ascn.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', ascn.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('double_entry', 'judged_otherwise', 'clock', 'device_revoked')", name=op.f('ck_checkin_conflict_kind')),
    sa.ForeignKeyConstraint(['list_id'], ['checkin_list.id'], name=op.f('fk_checkin_conflict_list_id_checkin_list'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_scan_id'], ['checkin_scan.id'], name=op.f('fk_checkin_conflict_other_scan_id_checkin_scan'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user_account.id'], name=op.f('fk_checkin_conflict_resolved_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['scan_id'], ['checkin_scan.id'], name=op.f('fk_checkin_conflict_scan_id_checkin_scan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_conflict')),
    sa.UniqueConstraint('scan_id', name=op.f('uq_checkin_conflict_scan_id'))
    )
    with op.batch_alter_table('checkin_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_conflict_list_id'), ['list_id'], unique=False)



def downgrade():
    with op.batch_alter_table('checkin_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_conflict_list_id'))

    op.drop_table('checkin_conflict')
    with op.batch_alter_table('checkin_scan', schema=None) as batch_op:
        batch_op.drop_index('ix_checkin_scan_timeline')
        batch_op.drop_index('ix_checkin_scan_list_time')
        batch_op.drop_index(batch_op.f('ix_checkin_scan_device_id'))

    op.drop_table('checkin_scan')
    with op.batch_alter_table('checkin_presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_presence_registration_id'))

    op.drop_table('checkin_presence')
    with op.batch_alter_table('checkin_list_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_list_staff_user_id'))

    op.drop_table('checkin_list_staff')
    op.drop_table('checkin_list_category')
    with op.batch_alter_table('checkin_device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_device_list_id'))

    op.drop_table('checkin_device')
    with op.batch_alter_table('checkin_list', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_list_event_id'))

    op.drop_table('checkin_list')
