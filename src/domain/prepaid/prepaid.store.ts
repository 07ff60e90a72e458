import type { Page, PageRequest } from '../shared/page.js'
import type { PrepaidTransaction } from './prepaid.js'

export interface PrepaidStore {
  insert(input: Omit<PrepaidTransaction, 'id'>): Promise<PrepaidTransaction>
  byUuid(accountId: number, uuid: string): Promise<PrepaidTransaction | null>
  list(accountId: number, filter: { contactId?: number | undefined; shopId?: number | undefined }, page: PageRequest): Promise<Page<PrepaidTransaction>>
}

/** The prepaid store, as a module needs it of the caller's transaction. */
export interface PrepaidTx {
  readonly prepaid: PrepaidStore
}
