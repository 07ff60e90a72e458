import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'
import { columnsFor } from './columns.js'

/**
 * Webhook subscriptions, their deliveries and the per-account cursor over the
 * outbox. On PostgreSQL every event also records the id of the transaction
 * that wrote it, so the dispatcher can read only transactions that no running
 * transaction can still precede (ids alone are handed out before commit).
 */
export const webhooks = (): Migration => ({
  async up(db: Kysely<unknown>) {
    const { pgdb, big, id, notNull, ref } = await columnsFor(db)

    if (pgdb) {
      await sql`alter table events add column tx_id bigint not null default (pg_current_xact_id()::text::bigint)`.execute(db)
      await db.schema.createIndex('events_account_tx').on('events').columns(['account_id', 'tx_id', 'id']).execute()
    }

    await id(db.schema.createTable('webhook_subscriptions'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('name', 'text', notNull)
      .addColumn('event_type', 'text', notNull)
      .addColumn('url', 'text', notNull)
      .addColumn('secret', 'text', notNull)
      .addColumn('status', 'text', notNull)
      .addColumn('version', 'text', notNull)
      .addColumn('attributes', 'text', notNull)
      .addColumn('start_position', 'text', notNull)
      .addColumn('created_at', big, notNull)
      .addColumn('updated_at', big, notNull)
      .addColumn('deleted_at', big)
      .addCheckConstraint('webhook_subscriptions_status', sql`status in ('ACTIVE', 'INACTIVE')`)
      .execute()
    await db.schema.createIndex('webhook_subscriptions_account_type').on('webhook_subscriptions').columns(['account_id', 'event_type']).execute()

    await db.schema
      .createTable('webhook_cursors')
      .addColumn('account_id', big, (c) => c.primaryKey().references('accounts.id'))
      .addColumn('tx_id', big, notNull)
      .addColumn('event_id', big, notNull)
      .addColumn('updated_at', big, notNull)
      .execute()

    await id(db.schema.createTable('webhook_deliveries'))
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('account_id', big, ref('accounts'))
      .addColumn('subscription_id', big, ref('webhook_subscriptions'))
      .addColumn('event_id', big, ref('events'))
      .addColumn('event_type', 'text', notNull)
      .addColumn('body', 'text', notNull)
      .addColumn('status', 'text', notNull)
      .addColumn('attempts', big, notNull)
      .addColumn('next_attempt_at', big, notNull)
      .addColumn('last_response_status', big)
      .addColumn('last_error', 'text')
      .addColumn('delivered_at', big)
      .addColumn('created_at', big, notNull)
      .addColumn('updated_at', big, notNull)
      .addUniqueConstraint('webhook_deliveries_once', ['subscription_id', 'event_id'])
      .addCheckConstraint('webhook_deliveries_status', sql`status in ('pending', 'delivered', 'failed', 'cancelled')`)
      .execute()
    // Due deliveries are found by this index alone; finished ones stay out of it.
    await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at, id) where status = 'pending'`.execute(db)
    await db.schema.createIndex('webhook_deliveries_account').on('webhook_deliveries').columns(['account_id', 'created_at']).execute()
  },
})
