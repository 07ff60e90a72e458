import type { Contact, Shop } from '../contacts/contacts.js'
import type { ContactCard } from '../directory/directory.service.js'
import { type Minor, minor, toDecimalNumber } from '../shared/amounts.js'
import type { Instant } from '../shared/clock.js'
import type { Page, PageRequest } from '../shared/page.js'

/**
 * What a credit reception converts into credits: an amount of money
 * (`purchase_amount`), visits, kilometres... Each reception unit has a rate
 * of credits per whole reception unit; the account's default one is used
 * when a reception names none. Not to be confused with a ledger unit: the
 * credits always go to the account's credit unit (points).
 */
export interface ReceptionUnit {
  readonly id: number
  readonly accountId: number
  readonly name: string
  readonly label: string
  readonly prefix: string
  readonly isDefault: boolean
  /** Hundredths of a credit per whole reception unit (100 = one credit per unit). */
  readonly creditsPerUnit: number
  readonly createdAt: Instant
}

/** Credits given to (or, negative, taken from) a contact at a shop; the ledger entry holds the balance change. */
export interface CreditReception {
  readonly id: number
  readonly uuid: string
  readonly accountId: number
  readonly contactId: number
  readonly shopId: number
  readonly receptionUnitId: number | null
  /** Hundredths of the reception unit (10.40 euros spent is 1040), when the credits were computed from one. */
  readonly quantity: number | null
  /** The credits, signed, in hundredths of a point like every ledger amount; always whole credits. */
  readonly amount: Minor
  /** Null when the reception gave no credits. */
  readonly entryId: number | null
  readonly reversesId: number | null
  readonly posTransactionUuid: string | null
  /** The card the reception named, if any. */
  readonly identifierValue: string | null
  readonly createdAt: Instant
}

export type NewCreditReception = Omit<CreditReception, 'id' | 'uuid'>

/** Fields a caller may leave out, or set to undefined. */
export type Optional<T> = { readonly [K in keyof T]?: T[K] | undefined }

/** The contact of a reception, with its email and credit balance. */
export type ReceptionContact = Pick<ContactCard, 'contact' | 'email' | 'credits'>

/** A reception with what Leat shows beside it: the contact, the shop, the reception unit. */
export interface ReceptionView {
  readonly reception: CreditReception
  readonly contact: ReceptionContact
  readonly shop: Shop
  readonly receptionUnit: ReceptionUnit | null
}

export interface ReceptionFilter {
  readonly contactId?: number | undefined
  readonly shopId?: number | undefined
}

export interface ReceptionUnitStore {
  list(accountId: number): Promise<ReceptionUnit[]>
  create(input: Omit<ReceptionUnit, 'id'>): Promise<ReceptionUnit>
  /** Makes no reception unit the default, before another one becomes it. */
  clearDefault(accountId: number): Promise<void>
}

export interface CreditReceptionStore {
  insert(input: NewCreditReception): Promise<CreditReception>
  findByUuid(accountId: number, uuid: string): Promise<CreditReception | null>
  findByPosTransaction(accountId: number, posTransactionUuid: string): Promise<CreditReception | null>
  findReversalOf(accountId: number, id: number): Promise<CreditReception | null>
  /** Newest first. */
  list(accountId: number, filter: ReceptionFilter, page: PageRequest): Promise<Page<CreditReception>>
}

/** The stores of credit receptions, as a module needs them of the caller's transaction. */
export interface CreditReceptionsTx {
  readonly creditReceptions: CreditReceptionStore
  readonly receptionUnits: ReceptionUnitStore
}

/** Hundredths of a point in one whole credit: receptions give whole credits only. */
export const CREDIT = 100

/** Whether an amount is a whole number of credits. */
export const isWholeCredits = (amount: Minor): boolean => amount % CREDIT === 0

/** Credits for a quantity of a reception unit: the rate applied and rounded down to whole credits. */
export const creditsFor = (receptionUnit: ReceptionUnit, quantity: number): Minor =>
  minor(Math.floor((quantity * receptionUnit.creditsPerUnit) / (100 * CREDIT)) * CREDIT)

/**
 * The outbox payload of a reception. Its shape is published (Leat's webhooks
 * carry it, Pegke's store activity relays it as it is, docs/dialects/leat.md
 * lists it), so it keeps its own units: whole credits and a decimal unit value.
 */
export const receptionPayload = (reception: CreditReception, contact: Contact, shop: Shop, receptionUnit: ReceptionUnit | null) => ({
  uuid: reception.uuid,
  contactId: contact.id,
  contactUuid: contact.uuid,
  shopUuid: shop.uuid,
  credits: toDecimalNumber(reception.amount),
  unitValue: reception.quantity === null ? null : reception.quantity / 100,
  unitName: receptionUnit?.name ?? null,
  posTransactionUuid: reception.posTransactionUuid,
  reversesId: reception.reversesId,
})

/**
 * The credits a contact received at a shop since a moment, in the caller's
 * transaction: the positive receptions that are not reversals, newest first
 * (at most the 50 latest receptions are looked at).
 */
export const creditsReceivedWithin = async (
  tx: CreditReceptionsTx,
  accountId: number,
  query: { readonly contactId: number; readonly shopId: number; readonly since: Instant },
): Promise<CreditReception[]> => {
  const recent = await tx.creditReceptions.list(accountId, { contactId: query.contactId, shopId: query.shopId }, { page: 1, perPage: 50 })
  return recent.items.filter((r) => r.createdAt >= query.since && r.reversesId === null && r.amount > 0)
}
