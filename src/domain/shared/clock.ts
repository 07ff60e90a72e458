/** Instants are epoch milliseconds (UTC). */
export type Instant = number

export interface Clock {
  now(): Instant
}

export const systemClock: Clock = { now: () => Date.now() }

export const DAY_MS = 86_400_000
