import type { Instant } from '../shared/clock.js'
import type { Tier } from './tiers.js'

export interface TierStore {
  /** All tiers of the account, lowest rank first. */
  list(accountId: number): Promise<Tier[]>
  create(input: { accountId: number; unitId: number; name: string; description: string | null; threshold: number; rank: number; now: Instant }): Promise<Tier>
}

export interface TiersTx {
  readonly tiers: TierStore
}
