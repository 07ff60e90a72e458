import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type {
  PortalSession,
  PortalSessionEvent,
  PortalSessionOptions,
  PortalSessionStore,
  PortalSessionType,
} from '../../domain/portal-sessions/portal-sessions.js'
import type { DbKind } from '../db/database.js'
import type { Database } from '../db/schema.js'

const toSession = (r: Selectable<Database['portal_sessions']>): PortalSession => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  shopId: r.shop_id,
  contactId: r.contact_id,
  type: r.type as PortalSessionType,
  options: JSON.parse(r.options) as PortalSessionOptions,
  expiresAt: r.expires_at,
  finishedAt: r.finished_at,
  createdAt: r.created_at,
})

const toEvent = (r: Selectable<Database['portal_session_events']>): PortalSessionEvent => ({
  id: r.id,
  sessionId: r.session_id,
  type: r.type,
  data: JSON.parse(r.data) as Record<string, unknown>,
  createdAt: r.created_at,
})

export const createPortalSessionStore = (db: Kysely<Database>, kind: DbKind): PortalSessionStore => ({
  async insert(input) {
    const r = await db
      .insertInto('portal_sessions')
      .values({
        uuid: randomUUID(),
        account_id: input.accountId,
        shop_id: input.shopId,
        contact_id: input.contactId,
        type: input.type,
        options: JSON.stringify(input.options),
        expires_at: input.expiresAt,
        finished_at: input.finishedAt,
        created_at: input.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toSession(r)
  },
  async findInAccount(accountId, uuid) {
    const r = await db.selectFrom('portal_sessions').selectAll().where('account_id', '=', accountId).where('uuid', '=', uuid).executeTakeFirst()
    return r ? toSession(r) : null
  },
  async findByCapability(uuid) {
    const r = await db.selectFrom('portal_sessions').selectAll().where('uuid', '=', uuid).executeTakeFirst()
    return r ? toSession(r) : null
  },
  async lock(accountId, id) {
    const query = db.selectFrom('portal_sessions').selectAll().where('account_id', '=', accountId).where('id', '=', id)
    const r = await (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst()
    return r ? toSession(r) : null
  },
  async setContact(accountId, id, contactId) {
    await db.updateTable('portal_sessions').set({ contact_id: contactId }).where('account_id', '=', accountId).where('id', '=', id).execute()
  },
  async finish(accountId, id, now) {
    await db
      .updateTable('portal_sessions')
      .set({ finished_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('finished_at', 'is', null)
      .execute()
  },
  async appendEvent({ accountId, sessionId, type, data, now }) {
    const r = await db
      .insertInto('portal_session_events')
      .values({ account_id: accountId, session_id: sessionId, type, data: JSON.stringify(data), created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toEvent(r)
  },
  async events(accountId, sessionId) {
    const rows = await db
      .selectFrom('portal_session_events')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('session_id', '=', sessionId)
      .orderBy('id')
      .execute()
    return rows.map(toEvent)
  },
})
