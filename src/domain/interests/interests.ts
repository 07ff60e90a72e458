import type { VisitorOwned } from '../records/visitor-records.js'

/** Something a visitor said they care about, named by the caller's own catalogue id. */
export interface Interest extends VisitorOwned {
  readonly externalId: string
  readonly label: string
}
