import type { RecordStore } from '../records/records.js'
import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'
import type { VisitorOwned } from '../visitors/visitor-records.js'

export const upgradeOrigins = ['android', 'ios', 'web', 'partner', 'other'] as const
export type UpgradeOrigin = (typeof upgradeOrigins)[number]

/**
 * A visitor's loyalty reward at one center. Its balance is not kept here:
 * it is the visitor's wallet in the center's reward unit on the ledger.
 */
export interface Reward extends VisitorOwned {
  readonly pcCode: string
  readonly unitId: number
  readonly startDate: Instant
  readonly endDate: Instant | null
  readonly isScan: boolean
  readonly isBank: boolean
  readonly isRestaurant: boolean
  readonly outsideOptin: boolean
  /** Whole units of balance at which the reward is earned (converted). */
  readonly threshold: number
  readonly lastPurchaseDate: Instant | null
  readonly externalId: string | null
  readonly upgradedFrom: UpgradeOrigin | null
}

export interface RewardView {
  readonly reward: Reward
  readonly balance: Minor
  /** The balance has reached the threshold. */
  readonly isConverted: boolean
}

/** The ledger unit that counts a center's reward balances. */
export const rewardUnitName = (pcCode: string): string => `REWARD:${pcCode}`

export const isConverted = (balance: Minor, threshold: number): boolean => balance >= threshold * 100

/** The store this module needs of the caller's transaction. */
export interface RewardsTx {
  readonly rewards: RecordStore<Reward>
}
