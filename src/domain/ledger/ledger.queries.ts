import type { Unit } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { type Minor, ZERO } from '../shared/amounts.js'
import type { LedgerTx } from './ledger.store.js'

/** A contact's balance in one unit; `walletId` is null while the contact has no wallet in it. */
export interface UnitBalance {
  readonly walletId: number | null
  readonly unit: Unit
  readonly balance: Minor
}

/** A contact's balance in every unit of the account, in the account's unit order. */
export interface ContactBalances {
  readonly all: readonly UnitBalance[]
  /** The balance in the unit of this name, zero when the account has no such unit. */
  of(unitName: string): Minor
}

/**
 * The one read of what a contact holds: every module that shows balances
 * (the kiosk, Leat's contact, Pegke's redeem) reads them here, in the
 * caller's transaction.
 */
export const contactBalances = async (tx: LedgerTx & Pick<ContactsTx, 'units'>, accountId: number, contactId: number): Promise<ContactBalances> => {
  const [units, wallets] = await Promise.all([tx.units.list(accountId), tx.ledger.walletsOf(accountId, contactId)])
  const all = units.map((unit) => {
    const wallet = wallets.find((w) => w.unitId === unit.id)
    return { walletId: wallet?.id ?? null, unit, balance: wallet?.balance ?? ZERO }
  })
  return { all, of: (unitName) => all.find((b) => b.unit.name === unitName)?.balance ?? ZERO }
}
