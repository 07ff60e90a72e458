import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Giftcard, GiftcardProgram, GiftcardTransaction, GiftcardType } from '../../domain/giftcards/giftcards.js'
import type { GiftcardStore } from '../../domain/giftcards/giftcards.store.js'
import { minor } from '../../domain/shared/amounts.js'
import type { Database } from '../db/schema.js'

const toProgram = (r: Selectable<Database['giftcard_programs']>): GiftcardProgram => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  name: r.name,
  active: r.active === 1,
  upgradeable: r.upgradeable === 1,
  expirationDays: r.expiration_days,
  maxAmount: r.max_amount === null ? null : minor(r.max_amount),
  minAmount: r.min_amount === null ? null : minor(r.min_amount),
  createdAt: r.created_at,
})

const toCard = (r: Selectable<Database['giftcards']>): Giftcard => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  programId: r.program_id,
  holderId: r.holder_id,
  type: r.type as GiftcardType,
  hash: r.hash,
  active: r.active === 1,
  upgradeable: r.upgradeable === 1,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
})

const toTransaction = (r: Selectable<Database['giftcard_transactions']>): GiftcardTransaction => ({
  id: r.id,
  uuid: r.uuid,
  accountId: r.account_id,
  giftcardId: r.giftcard_id,
  entryId: r.entry_id,
  shopId: r.shop_id,
  amount: minor(r.amount),
  reversesId: r.reverses_id,
  createdAt: r.created_at,
})

export const createGiftcardStore = (db: Kysely<Database>): GiftcardStore => ({
  async createProgram(p) {
    const r = await db
      .insertInto('giftcard_programs')
      .values({
        uuid: randomUUID(),
        account_id: p.accountId,
        name: p.name,
        active: p.active ? 1 : 0,
        upgradeable: p.upgradeable ? 1 : 0,
        expiration_days: p.expirationDays,
        max_amount: p.maxAmount,
        min_amount: p.minAmount,
        created_at: p.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toProgram(r)
  },
  async listPrograms(accountId) {
    const rows = await db
      .selectFrom('giftcard_programs as p')
      .selectAll('p')
      .select((eb) =>
        eb
          .selectFrom('giftcards as g')
          .select((g) => g.fn.countAll<number>().as('n'))
          .whereRef('g.program_id', '=', 'p.id')
          .as('card_count'),
      )
      .where('p.account_id', '=', accountId)
      .orderBy('p.id')
      .execute()
    return rows.map((r) => ({ ...toProgram(r), cardCount: Number(r.card_count ?? 0) }))
  },
  async programById(accountId, id) {
    const r = await db.selectFrom('giftcard_programs').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
    return r ? toProgram(r) : null
  },
  async programByUuid(accountId, uuid) {
    const r = await db.selectFrom('giftcard_programs').selectAll().where('account_id', '=', accountId).where('uuid', '=', uuid).executeTakeFirst()
    return r ? toProgram(r) : null
  },

  async createHolder(accountId, now) {
    const r = await db
      .insertInto('contacts')
      .values({
        uuid: randomUUID(),
        account_id: accountId,
        name: null,
        data: '{}',
        channel: 'pos',
        registered_shop_id: null,
        subscribed_at: null,
        referred_by_id: null,
        created_at: now,
        updated_at: now,
        holder: 'giftcard',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  },
  async create(c) {
    const r = await db
      .insertInto('giftcards')
      .values({
        uuid: randomUUID(),
        account_id: c.accountId,
        program_id: c.programId,
        holder_id: c.holderId,
        type: c.type,
        hash: c.hash,
        active: 1,
        upgradeable: c.upgradeable ? 1 : 0,
        expires_at: c.expiresAt,
        created_at: c.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toCard(r)
  },
  async byUuid(accountId, uuid) {
    const r = await db.selectFrom('giftcards').selectAll().where('account_id', '=', accountId).where('uuid', '=', uuid).executeTakeFirst()
    return r ? toCard(r) : null
  },
  async byHash(accountId, hash) {
    const r = await db.selectFrom('giftcards').selectAll().where('account_id', '=', accountId).where('hash', '=', hash).executeTakeFirst()
    return r ? toCard(r) : null
  },
  async byId(accountId, id) {
    const r = await db.selectFrom('giftcards').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst()
    return r ? toCard(r) : null
  },
  async list(accountId, programId, { page, perPage }) {
    let base = db.selectFrom('giftcards').where('account_id', '=', accountId)
    if (programId !== null) base = base.where('program_id', '=', programId)
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
    const rows = await base
      .selectAll()
      .orderBy('id')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute()
    return { items: rows.map(toCard), page, perPage, total: Number(total) }
  },

  async insertTransaction(t) {
    const r = await db
      .insertInto('giftcard_transactions')
      .values({
        uuid: t.uuid,
        account_id: t.accountId,
        giftcard_id: t.giftcardId,
        entry_id: t.entryId,
        shop_id: t.shopId,
        amount: t.amount,
        reverses_id: t.reversesId,
        created_at: t.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toTransaction(r)
  },
  async transactionByUuid(accountId, uuid) {
    const r = await db.selectFrom('giftcard_transactions').selectAll().where('account_id', '=', accountId).where('uuid', '=', uuid).executeTakeFirst()
    return r ? toTransaction(r) : null
  },
  async lastTransaction(accountId, giftcardId) {
    const r = await db
      .selectFrom('giftcard_transactions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('giftcard_id', '=', giftcardId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    return r ? toTransaction(r) : null
  },
  async listTransactions(accountId, filter, { page, perPage }) {
    let base = db.selectFrom('giftcard_transactions as t').innerJoin('giftcards as g', 'g.id', 't.giftcard_id').where('t.account_id', '=', accountId)
    if (filter.giftcardId !== undefined) base = base.where('t.giftcard_id', '=', filter.giftcardId)
    if (filter.programId !== undefined) base = base.where('g.program_id', '=', filter.programId)
    if (filter.shopId !== undefined) base = base.where('t.shop_id', '=', filter.shopId)
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
    const rows = await base
      .selectAll('t')
      .orderBy('t.id')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute()
    return { items: rows.map(toTransaction), page, perPage, total: Number(total) }
  },
})
