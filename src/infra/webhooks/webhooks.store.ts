import { randomUUID } from 'node:crypto'
import { type Kysely, type Selectable, sql } from 'kysely'
import { WEBHOOK_VERSION, type WebhookEventType, type WebhookStatus, type WebhookSubscription } from '../../domain/webhooks/webhooks.js'
import type { OutboxCursor, OutboxEvent, WebhookStore } from '../../domain/webhooks/webhooks.store.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'

const toSubscription = (r: Selectable<Database['webhook_subscriptions']>): WebhookSubscription => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  name: r.name,
  eventType: r.event_type as WebhookEventType,
  url: r.url,
  status: r.status as WebhookStatus,
  version: WEBHOOK_VERSION,
  attributes: JSON.parse(r.attributes) as string[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const toEvent = (r: Selectable<Database['events']>, position: OutboxCursor): OutboxEvent => ({
  id: r.id,
  position,
  type: r.type,
  accountId: r.account_id,
  shopId: r.shop_id,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  occurredAt: r.created_at,
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const createWebhookStore = (db: Kysely<Database>, kind: DbKind): WebhookStore => {
  const postgres = kind === 'postgres'

  /**
   * PostgreSQL: the oldest transaction still running anywhere. Every
   * transaction with a lower id has ended, so all the events it wrote are
   * visible now, and none can appear later below this mark.
   */
  const horizon = async (): Promise<number> => {
    const { rows } = await sql<{ xmin: string | number }>`select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin`.execute(db)
    return Number(rows[0]?.xmin ?? 0)
  }

  /** An event (`e`) after its account's cursor (`c`). */
  const unread = postgres ? sql<boolean>`(e.tx_id, e.id) > (c.tx_id, c.event_id)` : sql<boolean>`e.id > c.event_id`

  const lastEventId = async (accountId: number): Promise<number> => {
    const r = await db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('last'))
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    return Number(r?.last ?? 0)
  }

  /** Where a new cursor starts: after everything already committed. */
  const present = async (accountId: number): Promise<OutboxCursor> =>
    postgres ? { txId: await horizon(), eventId: 0 } : { txId: 0, eventId: await lastEventId(accountId) }

  /** What a new subscription has seen happen: the events it will never be sent. */
  const startPosition = async (accountId: number): Promise<string> => {
    if (!postgres) return String(await lastEventId(accountId))
    const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(db)
    return rows[0]?.snapshot ?? ''
  }

  return {
    async createSubscription(input) {
      const r = await db
        .insertInto('webhook_subscriptions')
        .values({
          uuid: randomUUID(),
          account_id: input.accountId,
          name: input.name,
          event_type: input.eventType,
          url: input.url,
          secret: input.sealedSecret,
          status: 'ACTIVE',
          version: WEBHOOK_VERSION,
          attributes: JSON.stringify(input.attributes),
          start_position: await startPosition(input.accountId),
          created_at: input.now,
          updated_at: input.now,
          deleted_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toSubscription(r)
    },

    async listSubscriptions(accountId, filter) {
      let q = db.selectFrom('webhook_subscriptions').selectAll().where('account_id', '=', accountId).where('deleted_at', 'is', null)
      if (filter.eventType) q = q.where('event_type', '=', filter.eventType)
      if (filter.status) q = q.where('status', '=', filter.status)
      const rows = await q.orderBy('created_at').orderBy('id').execute()
      return rows.map(toSubscription)
    },

    async findSubscription(accountId, uuid) {
      // A malformed UUID finds nothing (PostgreSQL would compare it as text anyway).
      if (!UUID.test(uuid)) return null
      const r = await db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('uuid', '=', uuid.toLowerCase())
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      return r ? toSubscription(r) : null
    },

    async updateSubscription(accountId, id, changes, now) {
      const r = await db
        .updateTable('webhook_subscriptions')
        .set({
          ...(changes.name === undefined ? {} : { name: changes.name }),
          ...(changes.url === undefined ? {} : { url: changes.url }),
          ...(changes.status === undefined ? {} : { status: changes.status }),
          ...(changes.attributes === undefined ? {} : { attributes: JSON.stringify(changes.attributes) }),
          updated_at: now,
        })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      return toSubscription(r)
    },

    async deleteSubscription(accountId, id, now) {
      await db.updateTable('webhook_subscriptions').set({ deleted_at: now, updated_at: now }).where('account_id', '=', accountId).where('id', '=', id).execute()
      await db
        .updateTable('webhook_deliveries')
        .set({ status: 'cancelled', last_error: 'subscription deleted', updated_at: now })
        .where('account_id', '=', accountId)
        .where('subscription_id', '=', id)
        .where('status', '=', 'pending')
        .execute()
    },

    async ensureCursor(accountId, now) {
      const start = await present(accountId)
      await db
        .insertInto('webhook_cursors')
        .values({ account_id: accountId, tx_id: start.txId, event_id: start.eventId, updated_at: now })
        .onConflict((oc) => oc.column('account_id').doNothing())
        .execute()
    },

    async accountsBehind() {
      const rows = await db
        .selectFrom('webhook_cursors as c')
        .select('c.account_id')
        .where((eb) =>
          eb.and([
            eb.exists(
              eb.selectFrom('webhook_subscriptions as s').select('s.id').whereRef('s.account_id', '=', 'c.account_id').where('s.deleted_at', 'is', null),
            ),
            eb.exists(eb.selectFrom('events as e').select('e.id').whereRef('e.account_id', '=', 'c.account_id').where(unread)),
          ]),
        )
        .orderBy('c.account_id')
        .execute()
      return rows.map((r) => r.account_id)
    },

    async nextDueAt() {
      const r = await db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.min('next_attempt_at').as('due'))
        .where('status', '=', 'pending')
        .executeTakeFirst()
      return r?.due === null || r?.due === undefined ? null : Number(r.due)
    },

    async lockCursor(accountId) {
      let q = db.selectFrom('webhook_cursors').select(['tx_id', 'event_id']).where('account_id', '=', accountId)
      if (postgres) q = q.forUpdate().skipLocked()
      const r = await q.executeTakeFirst()
      return r ? { txId: r.tx_id, eventId: r.event_id } : null
    },

    async eventsAfter(accountId, cursor, limit) {
      if (!postgres) {
        const rows = await db
          .selectFrom('events')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('id', '>', cursor.eventId)
          .orderBy('id')
          .limit(limit)
          .execute()
        const last = rows.at(-1)
        return { events: rows.map((r) => toEvent(r, { txId: 0, eventId: r.id })), next: last ? { txId: 0, eventId: last.id } : cursor }
      }
      // Taken before the read: every transaction below it has ended, so the read sees all of their events.
      const mark = await horizon()
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .select(sql<string | number>`tx_id`.as('tx_id'))
        .where('account_id', '=', accountId)
        .where(sql<boolean>`(tx_id, id) > (${cursor.txId}, ${cursor.eventId})`)
        .where(sql<boolean>`tx_id < ${mark}`)
        .orderBy(sql`tx_id`)
        .orderBy('id')
        .limit(limit)
        .execute()
      const last = rows.at(-1)
      // A full batch may stop inside a transaction: continue after its last event. A short one read
      // everything below the mark, so the next read starts at the mark.
      const next: OutboxCursor =
        last && rows.length === limit ? { txId: Number(last.tx_id), eventId: last.id } : mark > cursor.txId ? { txId: mark, eventId: 0 } : cursor
      return { events: rows.map((r) => toEvent(r, { txId: Number(r.tx_id), eventId: r.id })), next }
    },

    async saveCursor(accountId, cursor, now) {
      await db
        .updateTable('webhook_cursors')
        .set({ tx_id: cursor.txId, event_id: cursor.eventId, updated_at: now })
        .where('account_id', '=', accountId)
        .execute()
    },

    async listenersOf(accountId, eventType, event) {
      const rows = await db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('event_type', '=', eventType)
        .where('status', '=', 'ACTIVE')
        .where('deleted_at', 'is', null)
        .where(
          postgres
            ? sql<boolean>`not pg_visible_in_snapshot(${String(event.txId)}::xid8, start_position::pg_snapshot)`
            : sql<boolean>`cast(start_position as integer) < ${event.eventId}`,
        )
        .orderBy('id')
        .execute()
      return rows.map(toSubscription)
    },

    async addDelivery(d) {
      await db
        .insertInto('webhook_deliveries')
        .values({
          uuid: d.uuid,
          account_id: d.accountId,
          subscription_id: d.subscriptionId,
          event_id: d.eventId,
          event_type: d.eventType,
          body: d.body,
          status: 'pending',
          attempts: 0,
          next_attempt_at: d.now,
          last_response_status: null,
          last_error: null,
          delivered_at: null,
          created_at: d.now,
          updated_at: d.now,
        })
        .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
        .execute()
    },

    async claimDue(now, leaseUntil, limit) {
      let due = db
        .selectFrom('webhook_deliveries')
        .select(['id', 'account_id'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
      if (postgres) due = due.forUpdate().skipLocked()
      const picked = await due.execute()
      if (picked.length === 0) return []
      const ids = picked.map((p) => p.id)
      await db
        .updateTable('webhook_deliveries')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil, updated_at: now }))
        .where('id', 'in', ids)
        .execute()
      const rows = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_subscriptions as s', (j) => j.onRef('s.id', '=', 'd.subscription_id').onRef('s.account_id', '=', 'd.account_id'))
        .select([
          'd.id',
          'd.uuid',
          'd.account_id',
          'd.subscription_id',
          'd.event_id',
          'd.event_type',
          'd.body',
          'd.status',
          'd.attempts',
          'd.next_attempt_at',
          's.url',
          's.secret',
          's.status as subscription_status',
          's.deleted_at',
        ])
        .where('d.id', 'in', ids)
        .orderBy('d.id')
        .execute()
      return rows.map((r) => ({
        id: r.id,
        uuid: r.uuid,
        accountId: r.account_id,
        subscriptionId: r.subscription_id,
        eventId: r.event_id,
        eventType: r.event_type as WebhookEventType,
        body: r.body,
        status: 'pending' as const,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at,
        url: r.url,
        sealedSecret: r.secret,
        subscriptionActive: r.subscription_status === 'ACTIVE' && r.deleted_at === null,
      }))
    },

    async recordAttempt(accountId, deliveryId, outcome) {
      await db
        .updateTable('webhook_deliveries')
        .set({
          status: outcome.status,
          next_attempt_at: outcome.nextAttemptAt,
          last_response_status: outcome.responseStatus,
          last_error: outcome.error,
          ...(outcome.status === 'delivered' ? { delivered_at: outcome.now } : {}),
          updated_at: outcome.now,
        })
        .where('account_id', '=', accountId)
        .where('id', '=', deliveryId)
        .execute()
    },

    async backlog() {
      const events = await db
        .selectFrom('events as e')
        .innerJoin('webhook_cursors as c', 'c.account_id', 'e.account_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(unread)
        .where((eb) =>
          eb.exists(eb.selectFrom('webhook_subscriptions as s').select('s.id').whereRef('s.account_id', '=', 'c.account_id').where('s.deleted_at', 'is', null)),
        )
        .executeTakeFirst()
      const deliveries = await db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirst()
      return { events: Number(events?.n ?? 0), deliveries: Number(deliveries?.n ?? 0) }
    },
  }
}
