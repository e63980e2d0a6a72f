"""audit events sealed after commit (id from a sequence, chain place set by the sealer); key check values

The existing chain migrates as it is: every event keeps its sequence, prev_hash and hash (so it
stays sealed) and gets id = sequence; the head row stays the sealed head.

Revision ID: 5e7e10a0d17a
Revises: ae39e63d2922
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e7e10a0d17a'
down_revision = 'ae39e63d2922'
branch_labels = None
depends_on = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
COLUMNS = "occurred_at, actor, action, object_type, object_id, details, prev_hash, hash"


def upgrade(engine_name):
    globals()["upgrade_%s" % engine_name]()


def downgrade(engine_name):
    globals()["downgrade_%s" % engine_name]()


def upgrade_():
    if op.get_bind().dialect.name == 'postgresql':
        _events_to_sequence_postgresql()
    else:
        _rebuild_events_sqlite(sealed_after_commit=True)
    op.create_table('key_checks',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('check_value', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_key_checks'))
    )


def downgrade_():
    op.drop_table('key_checks')
    unsealed = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM audit_events WHERE sequence IS NULL")).scalar()
    if unsealed:
        raise RuntimeError(f"{unsealed} audit events are not sealed yet: run `compliance audit seal` first")
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint('uq_audit_events_sequence', 'audit_events', type_='unique')
        op.drop_constraint('pk_audit_events', 'audit_events', type_='primary')
        op.create_primary_key('pk_audit_events', 'audit_events', ['sequence'])
        for column in ('prev_hash', 'hash'):
            op.alter_column('audit_events', column, nullable=False)
        op.drop_column('audit_events', 'id')
    else:
        _rebuild_events_sqlite(sealed_after_commit=False)


def _events_to_sequence_postgresql():
    op.add_column('audit_events', sa.Column('id', sa.BigInteger(), nullable=True))
    op.execute("UPDATE audit_events SET id = sequence")
    op.execute("CREATE SEQUENCE audit_events_id_seq OWNED BY audit_events.id")
    op.execute("SELECT setval('audit_events_id_seq', COALESCE((SELECT MAX(id) FROM audit_events), 0) + 1, false)")
    op.alter_column('audit_events', 'id', nullable=False,
                    server_default=sa.text("nextval('audit_events_id_seq'::regclass)"))
    op.drop_constraint('pk_audit_events', 'audit_events', type_='primary')
    op.create_primary_key('pk_audit_events', 'audit_events', ['id'])
    for column in ('sequence', 'prev_hash', 'hash'):
        op.alter_column('audit_events', column, nullable=True)
    op.create_unique_constraint('uq_audit_events_sequence', 'audit_events', ['sequence'])


def _rebuild_events_sqlite(sealed_after_commit: bool):
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        for name in ('ix_audit_events_action', 'ix_audit_events_actor', 'ix_audit_events_object',
                     'ix_audit_events_occurred_at'):
            batch_op.drop_index(name)
    op.rename_table('audit_events', '_audit_events_old')
    if sealed_after_commit:
        op.create_table('audit_events',
        sa.Column('id', BIGINT, nullable=False),
        sa.Column('sequence', BIGINT, nullable=True),
        *_content_columns(nullable_hashes=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
        sa.UniqueConstraint('hash', name=op.f('uq_audit_events_hash')),
        sa.UniqueConstraint('sequence', name=op.f('uq_audit_events_sequence')),
        sqlite_autoincrement=True
        )
        op.execute(f"INSERT INTO audit_events (id, sequence, {COLUMNS}) SELECT sequence, sequence, {COLUMNS} "
                   "FROM _audit_events_old ORDER BY sequence")
    else:
        op.create_table('audit_events',
        sa.Column('sequence', BIGINT, autoincrement=False, nullable=False),
        *_content_columns(nullable_hashes=False),
        sa.PrimaryKeyConstraint('sequence', name=op.f('pk_audit_events')),
        sa.UniqueConstraint('hash', name=op.f('uq_audit_events_hash'))
        )
        op.execute(f"INSERT INTO audit_events (sequence, {COLUMNS}) SELECT sequence, {COLUMNS} "
                   "FROM _audit_events_old ORDER BY sequence")
    op.drop_table('_audit_events_old')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor'), ['actor'], unique=False)
        batch_op.create_index('ix_audit_events_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_occurred_at'), ['occurred_at'], unique=False)


def _content_columns(nullable_hashes: bool):
    return [
        sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.Column('action', sa.String(length=80), nullable=False),
        sa.Column('object_type', sa.String(length=40), nullable=True),
        sa.Column('object_id', sa.String(length=80), nullable=True),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=nullable_hashes),
        sa.Column('hash', sa.String(length=64), nullable=nullable_hashes),
    ]


def upgrade_keys():
    pass


def downgrade_keys():
    pass
