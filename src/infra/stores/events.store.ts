import type { Kysely, Selectable } from 'kysely'
import type { EventStore, StoredEvent } from '../../domain/shared/events.js'
import type { IdempotencyStore } from '../../domain/shared/idempotency.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'
import { statement, statementsFor } from '../db/statement.js'

/** An outbox row as the domain reads it. */
export const storedEventOf = (r: Selectable<Database['events']>): StoredEvent => ({
  id: r.id,
  accountId: r.account_id,
  shopId: r.shop_id,
  type: r.type,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  occurredAt: r.created_at,
})

export const appendEvent = statementsFor((kind) =>
  statement<never>(kind, 'insert into events (account_id, shop_id, type, payload, created_at) values (?, ?, ?, ?, ?)'),
)

export const createEventStore = (db: Kysely<Database>, kind: DbKind): EventStore => {
  const append = appendEvent(kind)
  return {
    async append(event) {
      await append.execute(db, [event.accountId, event.shopId ?? null, event.type, JSON.stringify(event.payload), event.occurredAt])
    },
  }
}

export const createIdempotencyStore = (db: Kysely<Database>): IdempotencyStore => ({
  async find(accountId, scope, key) {
    const r = await db
      .selectFrom('idempotency_keys')
      .select(['fingerprint', 'result'])
      .where('account_id', '=', accountId)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst()
    return r ? { fingerprint: r.fingerprint, result: JSON.parse(r.result) as unknown } : null
  },
  async save({ accountId, scope, key, fingerprint, result, now }) {
    await db
      .insertInto('idempotency_keys')
      .values({ account_id: accountId, scope, key, fingerprint, result: JSON.stringify(result), created_at: now })
      .execute()
  },
  async complete({ accountId, scope, key, result }) {
    await db
      .updateTable('idempotency_keys')
      .set({ result: JSON.stringify(result) })
      .where('account_id', '=', accountId)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute()
  },
})
