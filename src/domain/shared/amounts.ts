/**
 * Amounts are integers in minor units (hundredths of a point or of a coin).
 * The brand keeps a raw number from being passed where minor units are meant;
 * conversion to wire formats ("250.00", 31.4) happens only in dialect mappers.
 */
export type Minor = number & { readonly __minor: unique symbol }

export const minor = (value: number): Minor => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer amount: ${value}`)
  return value as Minor
}

export const ZERO = minor(0)

/** Parses a decimal amount with at most two decimals into minor units, or null when it has more. */
export const fromDecimal = (value: number): Minor | null => {
  const scaled = Math.round(value * 100)
  if (Math.abs(scaled - value * 100) > 1e-6 || !Number.isSafeInteger(scaled)) return null
  return scaled as Minor
}

/** "1234.50" style rendering of minor units, sign included. */
export const toDecimalString = (amount: Minor): string => {
  const sign = amount < 0 ? '-' : ''
  const abs = Math.abs(amount)
  const cents = String(abs % 100).padStart(2, '0')
  return `${sign}${Math.trunc(abs / 100)}.${cents}`
}

export const toDecimalNumber = (amount: Minor): number => amount / 100
