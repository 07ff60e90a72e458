import type { Kysely, Selectable } from 'kysely'
import type { AppToken, AppTokenStore } from '../../domain/accounts/app-tokens.store.js'
import type { Database } from '../db/schema.js'

const toToken = (r: Selectable<Database['app_tokens']>): AppToken => ({
  id: r.id,
  accountId: r.account_id,
  clientId: r.client_id,
  seed: r.seed,
  expiresAt: r.expires_at,
  refreshExpiresAt: r.refresh_expires_at,
  revokedAt: r.revoked_at,
  createdAt: r.created_at,
})

export const createAppTokenStore = (db: Kysely<Database>): AppTokenStore => ({
  async outstanding(accountId, clientId) {
    const r = await db
      .selectFrom('app_tokens')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return r ? toToken(r) : null
  },
  // Lookups by hash come before the account is known: the hash is the credential.
  async findByAccessHash(hash) {
    const r = await db.selectFrom('app_tokens').selectAll().where('access_hash', '=', hash).executeTakeFirst()
    return r ? toToken(r) : null
  },
  async findByRefreshHash(hash) {
    const r = await db.selectFrom('app_tokens').selectAll().where('refresh_hash', '=', hash).executeTakeFirst()
    return r ? toToken(r) : null
  },
  async insert(input) {
    const r = await db
      .insertInto('app_tokens')
      .values({
        account_id: input.accountId,
        client_id: input.clientId,
        seed: input.seed,
        access_hash: input.accessHash,
        refresh_hash: input.refreshHash,
        expires_at: input.expiresAt,
        refresh_expires_at: input.refreshExpiresAt,
        revoked_at: null,
        created_at: input.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toToken(r)
  },
  async revoke(accountId, id, now) {
    const r = await db
      .updateTable('app_tokens')
      .set({ revoked_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  },
})
