import type { RecordStore } from '../records/records.js'
import type { VisitorOwned } from '../visitors/visitor-records.js'

/** Something a visitor said they care about, named by the caller's own catalogue id. */
export interface Interest extends VisitorOwned {
  readonly externalId: string
  readonly label: string
}

/** The store this module needs of the caller's transaction. */
export interface InterestsTx {
  readonly interests: RecordStore<Interest>
}
