import type { Kysely, Migration } from 'kysely'

/**
 * The Westfield visitor list pages an account's visitors in id order. With
 * only the account's other indexes, both databases read and sorted every
 * visitor of the account for each page of 25; this index walks them in
 * order and stops at the page's end.
 */
export const listOrder = (): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('visitors_account_id').on('visitors').columns(['account_id', 'id']).execute()
  },
})
