import type { Minor } from '../shared/amounts.js'

/** A tier (MS Loyalty "group"): reached by lifetime earned amount of one unit. */
export interface Tier {
  readonly id: number
  readonly accountId: number
  readonly unitId: number
  readonly name: string
  readonly description: string | null
  readonly threshold: Minor
  /** Order of the tiers, 1 for the one every member starts in. */
  readonly rank: number
}
