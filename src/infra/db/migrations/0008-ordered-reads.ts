import { type Kysely, type Migration, sql } from 'kysely'

/**
 * Indexes in the order two hot reads walk their rows, so each stops after
 * what it needs instead of reading and sorting everything that matches:
 * - the Westfield visitor list pages an account's visitors in id order (a
 *   page of 25 sorted every visitor of the account);
 * - a debit takes a wallet's open lots soonest expiry first, never-expiring
 *   last, then oldest (a wallet that received many transfers holds hundreds
 *   of lots, all sorted for each debit). Partial: spent lots are left out.
 */
export const orderedReads = (): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('visitors_account_id').on('visitors').columns(['account_id', 'id']).execute()
    await sql`create index lots_open_order on lots (wallet_id, (case when expires_at is null then 1 else 0 end), expires_at, id) where remaining > 0`.execute(
      db,
    )
  },
})
