import type { Kysely, Selectable } from 'kysely'
import { minor } from '../../domain/shared/amounts.js'
import type { Tier } from '../../domain/tiers/tiers.js'
import type { TierStore } from '../../domain/tiers/tiers.store.js'
import type { Database } from '../db/schema.js'

const toTier = (r: Selectable<Database['tiers']>): Tier => ({
  id: r.id,
  accountId: r.account_id,
  unitId: r.unit_id,
  name: r.name,
  description: r.description,
  threshold: minor(r.threshold),
  rank: r.rank,
})

export const createTierStore = (db: Kysely<Database>): TierStore => ({
  async list(accountId) {
    const rows = await db.selectFrom('tiers').selectAll().where('account_id', '=', accountId).orderBy('rank').execute()
    return rows.map(toTier)
  },
  async create(input) {
    const r = await db
      .insertInto('tiers')
      .values({
        account_id: input.accountId,
        unit_id: input.unitId,
        name: input.name,
        description: input.description,
        threshold: input.threshold,
        rank: input.rank,
        created_at: input.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toTier(r)
  },
})
