import type { Entry } from '../ledger/ledger.js'
import type { StoredEvent } from '../shared/events.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { TimeRange } from './activity.js'

export interface ActivityStore {
  /** Entries of a shop or of a contact within a time range, newest first. */
  entries(accountId: number, filter: { shopId?: number; contactId?: number } & TimeRange, page: PageRequest): Promise<Page<Entry>>
  /** The id of the account's latest committed event, 0 when there is none. */
  lastEventId(accountId: number): Promise<number>
  /** Committed events of one shop with `afterId < id <= upToId`, oldest first. */
  eventsOfShop(accountId: number, shopId: number, afterId: number, upToId: number, limit: number): Promise<StoredEvent[]>
}
