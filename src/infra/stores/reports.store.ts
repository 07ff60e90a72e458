import type { Kysely } from 'kysely'
import type { EntryKind } from '../../domain/ledger/ledger.js'
import type { ReportStore } from '../../domain/reports/reports.store.js'
import { minor } from '../../domain/shared/amounts.js'
import type { Channel } from '../../domain/shared/command.js'
import type { Database } from '../db/schema.js'

export const createReportStore = (db: Kysely<Database>): ReportStore => ({
  async entriesBetween(accountId, from, to) {
    const rows = await db
      .selectFrom('ledger_entries as e')
      .leftJoin('ledger_entries as o', 'o.id', 'e.reverses_id')
      .select(['e.id', 'e.created_at', 'e.shop_id', 'e.unit_id', 'e.kind', 'e.amount', 'e.source', 'o.source as reversed_source'])
      .where('e.account_id', '=', accountId)
      .where('e.created_at', '>=', from)
      .where('e.created_at', '<', to)
      .execute()
    return rows.map((r) => ({
      entryId: r.id,
      createdAt: r.created_at,
      shopId: r.shop_id,
      unitId: r.unit_id,
      kind: r.kind as EntryKind,
      amount: minor(r.amount),
      source: r.source,
      reversedSource: r.reversed_source,
    }))
  },
  async orderLinesBetween(accountId, from, to) {
    const rows = await db
      .selectFrom('order_lines as l')
      .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
      // A reversed order no longer counts: its lines leave the product report.
      .leftJoin('ledger_entries as r', 'r.reverses_id', 'l.entry_id')
      .select(['l.entry_id', 'l.created_at', 'l.shop_id', 'l.product_external_id', 'l.quantity', 'l.earned_redeemed', 'e.source'])
      .where('r.id', 'is', null)
      .where('l.account_id', '=', accountId)
      .where('l.created_at', '>=', from)
      .where('l.created_at', '<', to)
      .execute()
    return rows.map((r) => ({
      entryId: r.entry_id,
      createdAt: r.created_at,
      shopId: r.shop_id,
      productExternalId: r.product_external_id,
      quantity: r.quantity,
      earnedRedeemed: minor(r.earned_redeemed),
      source: r.source,
    }))
  },
  async registrationsBetween(accountId, from, to) {
    const rows = await db
      .selectFrom('contacts')
      .select(['created_at', 'subscribed_at', 'registered_shop_id', 'channel', 'referred_by_id'])
      .where('account_id', '=', accountId)
      // Rows that hold a giftcard's balance are not people and were never registered.
      .where('holder', 'is', null)
      .where((eb) =>
        eb.or([eb.and([eb('created_at', '>=', from), eb('created_at', '<', to)]), eb.and([eb('subscribed_at', '>=', from), eb('subscribed_at', '<', to)])]),
      )
      .execute()
    return rows.map((r) => ({
      createdAt: r.created_at,
      subscribedAt: r.subscribed_at,
      shopId: r.registered_shop_id,
      channel: r.channel as Channel,
      referred: r.referred_by_id !== null,
    }))
  },
})
