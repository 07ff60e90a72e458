import type { Unit } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { contactBalances } from '../ledger/ledger.queries.js'
import type { LedgerTx } from '../ledger/ledger.store.js'
import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'

/** What a money balance kept in the ledger needs of the caller's transaction: the ledger and the units. */
export type MoneyTx = LedgerTx & Pick<ContactsTx, 'units'>

/** A unit a money balance counts in: cents of the account's currency. */
export interface MoneyUnit {
  readonly name: string
  readonly sign: string
  readonly lifetimeDays: number | null
}

/**
 * The unit a money balance counts in, created the first time an account
 * needs it. Two first uses at once race on the unit's unique name; the loser's
 * transaction is retried by the unit of work and finds the winner's unit.
 */
export const ensureUnit = async (tx: Pick<ContactsTx, 'units'>, accountId: number, def: MoneyUnit, now: Instant): Promise<Unit> => {
  const found = (await tx.units.list(accountId)).find((u) => u.name === def.name)
  if (found) return found
  return tx.units.create({ accountId, name: def.name, sign: def.sign, lifetimeDays: def.lifetimeDays, now })
}

/** A holder's balance in a money unit: zero before the account first used the unit. */
export const moneyBalance = async (tx: MoneyTx, accountId: number, holderId: number, def: MoneyUnit): Promise<Minor> =>
  (await contactBalances(tx, accountId, holderId)).of(def.name)
