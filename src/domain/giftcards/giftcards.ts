import type { Shop } from '../contacts/contacts.js'
import type { Minor } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'

export interface GiftcardProgram {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly name: string
  readonly active: boolean
  /** Whether cards of this program can be topped up; new cards take it over. */
  readonly upgradeable: boolean
  /** A new card expires this many days after it is created; null: never. */
  readonly expirationDays: number | null
  readonly maxAmount: Minor | null
  readonly minAmount: Minor | null
  readonly createdAt: Instant
}

/** Stored programs with the number of cards they hold. */
export interface GiftcardProgramView extends GiftcardProgram {
  readonly cardCount: number
}

export const giftcardTypes = ['PHYSICAL', 'DIGITAL'] as const
export type GiftcardType = (typeof giftcardTypes)[number]

/**
 * A giftcard is a bearer balance: its money is a wallet in the ledger owned by
 * the card's holder row (`holderId`), so balance == sum of entries holds for
 * giftcards as for every other wallet.
 */
export interface Giftcard {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly programId: number
  readonly holderId: number
  readonly type: GiftcardType
  /** The code printed on the card or in its QR code; whoever knows it can spend the card. */
  readonly hash: string
  readonly active: boolean
  readonly upgradeable: boolean
  readonly expiresAt: Instant | null
  readonly createdAt: Instant
}

export interface GiftcardView {
  readonly card: Giftcard
  readonly program: GiftcardProgram
  readonly balance: Minor
}

export interface GiftcardTransaction {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly giftcardId: number
  readonly entryId: number
  readonly shopId: number | null
  /** Signed: positive tops the card up, negative spends from it. */
  readonly amount: Minor
  readonly reversesId: number | null
  readonly createdAt: Instant
}

export interface GiftcardTransactionView {
  readonly transaction: GiftcardTransaction
  readonly card: Giftcard
  readonly shop: Shop | null
  /** The card's balance right after this transaction. */
  readonly balance: Minor
}

/** The unit giftcard wallets count in: cents of the account's currency. */
export const GIFTCARD_UNIT = { name: 'GIFTCARD', sign: '€', lifetimeDays: null } as const
