import type { Kysely, Selectable } from 'kysely'
import type { Account, ApiClient } from '../../domain/accounts/accounts.js'
import type { AccountStore, ClientStore, StoredClient } from '../../domain/accounts/accounts.store.js'
import type { Database } from '../db/schema.js'

const toAccount = (r: Selectable<Database['accounts']>): Account => ({ id: r.id, name: r.name, timeZone: r.time_zone, createdAt: r.created_at })

const toClient = (r: Selectable<Database['api_clients']>): StoredClient => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  secretHash: r.secret_hash,
})

export const createAccountStore = (db: Kysely<Database>): AccountStore => ({
  async findByName(name) {
    const r = await db.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirst()
    return r ? toAccount(r) : null
  },
  async get(id) {
    const r = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
    return r ? toAccount(r) : null
  },
  async create({ name, timeZone, now }) {
    const r = await db.insertInto('accounts').values({ name, time_zone: timeZone, created_at: now }).returningAll().executeTakeFirstOrThrow()
    return toAccount(r)
  },
})

export const createClientStore = (db: Kysely<Database>): ClientStore => ({
  async create({ accountId, name, secretHash, apiKeyHash, now }): Promise<ApiClient> {
    const r = await db
      .insertInto('api_clients')
      .values({ account_id: accountId, name, secret_hash: secretHash, api_key_hash: apiKeyHash, created_at: now, revoked_at: null })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toClient(r)
  },
  async get(id) {
    const r = await db.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst()
    return r ? toClient(r) : null
  },
  async findByApiKeyHash(hash) {
    const r = await db.selectFrom('api_clients').selectAll().where('api_key_hash', '=', hash).executeTakeFirst()
    return r ? toClient(r) : null
  },
  async saveToken({ tokenHash, clientId, accountId, expiresAt, now }) {
    await db
      .insertInto('access_tokens')
      .values({ token_hash: tokenHash, client_id: clientId, account_id: accountId, expires_at: expiresAt, created_at: now, revoked_at: null })
      .execute()
  },
  async findToken(tokenHash) {
    const r = await db.selectFrom('access_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
    return r ? { clientId: r.client_id, accountId: r.account_id, expiresAt: r.expires_at, revokedAt: r.revoked_at } : null
  },
  async revokeToken(tokenHash, now) {
    await db.updateTable('access_tokens').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute()
  },
})
