import type { Unit } from '../contacts/contacts.js'
import type { Tx } from '../legacy-tx.js'
import type { Instant } from '../shared/clock.js'

/**
 * The unit a money balance counts in, created the first time an account
 * needs it. Two first uses at once race on the unit's unique name; the loser's
 * transaction is retried by the unit of work and finds the winner's unit.
 */
export const ensureUnit = async (
  tx: Tx,
  accountId: number,
  def: { readonly name: string; readonly sign: string; readonly lifetimeDays: number | null },
  now: Instant,
): Promise<Unit> => {
  const found = (await tx.units.list(accountId)).find((u) => u.name === def.name)
  if (found) return found
  return tx.units.create({ accountId, name: def.name, sign: def.sign, lifetimeDays: def.lifetimeDays, now })
}

/** A read-only lookup of a money unit: null until the account first used it. */
export const findUnit = async (tx: Tx, accountId: number, name: string): Promise<Unit | null> =>
  (await tx.units.list(accountId)).find((u) => u.name === name) ?? null
