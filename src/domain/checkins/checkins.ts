import type { VisitorOwned } from '../records/visitor-records.js'

export const checkinOrigins = ['partner', 'dashboard'] as const

/** A visitor's use of a service in a center. */
export interface Checkin extends VisitorOwned {
  readonly pcCode: string
  readonly serviceId: number
  readonly origin: string
}
