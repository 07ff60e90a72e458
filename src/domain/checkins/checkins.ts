import type { RecordStore } from '../records/records.js'
import type { VisitorOwned } from '../visitors/visitor-records.js'

export const checkinOrigins = ['partner', 'dashboard'] as const

/** A visitor's use of a service in a center. */
export interface Checkin extends VisitorOwned {
  readonly pcCode: string
  readonly serviceId: number
  readonly origin: string
}

/** The store this module needs of the caller's transaction. */
export interface CheckinsTx {
  readonly checkins: RecordStore<Checkin>
}
