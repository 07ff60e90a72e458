import type { RecordStore } from '../records/records.js'
import type { Challenge, VisitorChallenge } from './challenges.js'

export interface ChallengeStores {
  readonly challenges: RecordStore<Challenge>
  readonly participants: RecordStore<VisitorChallenge>
}

/** The store this module needs of the caller's transaction. */
export interface ChallengesTx {
  readonly challenges: ChallengeStores
}
