/** What a new account starts with: the two units of the MS Loyalty API and three tiers on points. */
export const defaultUnits = [
  { name: 'POINTS', sign: 'PTS', lifetimeDays: 365 },
  { name: 'COINS', sign: '$', lifetimeDays: null },
] as const

/** Thresholds are lifetime earned points, in minor units. */
export const defaultTiers = [
  { name: 'BRONZE', description: 'Every member starts here', threshold: 0, rank: 1 },
  { name: 'SILVER', description: 'From 1,000 points earned', threshold: 100_000, rank: 2 },
  { name: 'GOLD', description: 'From 5,000 points earned', threshold: 500_000, rank: 3 },
] as const
