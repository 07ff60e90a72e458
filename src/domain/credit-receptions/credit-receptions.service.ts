import type { Contact, Shop } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { CARD, type IdentifierDetailStore } from '../contacts/identifiers.js'
import { creditUnit } from '../directory/directory.service.js'
import { contactBalances } from '../ledger/ledger.queries.js'
import type { LedgerTx } from '../ledger/ledger.store.js'
import type { WalletLedger } from '../ledger/wallets.js'
import { type Minor, minor, ZERO } from '../shared/amounts.js'
import { type Clock, DAY_MS, type Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import {
  type CreditReception,
  type CreditReceptionsTx,
  creditsFor,
  isWholeCredits,
  type Optional,
  type ReceptionContact,
  type ReceptionUnit,
  type ReceptionView,
  receptionPayload,
} from './credit-receptions.js'

/** The reception unit every account starts with: money spent, one credit per whole currency unit unless configured otherwise. */
export const DEFAULT_RECEPTION_UNIT = { name: 'purchase_amount', label: 'Purchase Amount', prefix: '€' } as const

/** The ledger type of credit receptions; `source` tells them apart in reports. */
const ENTRY_TYPE = 'POINTS CREDIT_RECEPTION'
const SOURCE = 'CREDIT_RECEPTION'

type Tx = CreditReceptionsTx & ContactsTx & LedgerTx & EventsTx & IdempotencyTx & { readonly identifierDetails: IdentifierDetailStore }

/** The ledger's wallet primitives a reception posts with, in the reception's transaction. */
export type ReceptionLedger = Pick<WalletLedger, 'postToWallet' | 'reverseEntry'>

export interface CreditReceptionDeps {
  readonly uow: UnitOfWork<Tx>
  readonly clock: Clock
  readonly ledger: ReceptionLedger
  /** The rate of a new reception unit that names none, in hundredths of a credit per whole unit. */
  readonly creditsPerUnit: number
}

export interface CreateReceptionCommand {
  readonly shopUuid: string
  readonly contactUuid: string
  /** The credits to give (negative: to take back), overriding the rate; whole credits in hundredths of a point. */
  readonly amount?: Minor | undefined
  /** How much of the reception unit the purchase came to, in hundredths of it; not negative. */
  readonly quantity?: number | undefined
  /** The reception unit's name; the account's default one when absent. */
  readonly receptionUnit?: string | undefined
  /** A card of the contact the reception names. */
  readonly identifierValue?: string | undefined
  readonly posTransactionUuid?: string | undefined
}

/** What a reception would be: its shop, optionally its contact, and a quantity of a reception unit. */
export type CalculateQuery = Pick<CreateReceptionCommand, 'shopUuid' | 'receptionUnit'> &
  Optional<Pick<CreateReceptionCommand, 'contactUuid'>> & { readonly quantity: number }

/** A new reception unit: its name and label; the prefix, the default flag and the rate are optional. */
export type CreateReceptionUnitCommand = Pick<ReceptionUnit, 'name' | 'label'> & Optional<Pick<ReceptionUnit, 'prefix' | 'isDefault' | 'creditsPerUnit'>>

export interface ReceptionListFilter {
  readonly contactUuid?: string | undefined
  readonly shopUuid?: string | undefined
}

/**
 * Credit receptions: credits a contact receives at a shop, for a purchase
 * (its quantity of a reception unit at that unit's rate) or given outright.
 */
export interface CreditReceptionService {
  /**
   * Gives a contact credits at a shop: the amount named, or what the
   * reception unit's rate gives for the quantity. A negative amount takes
   * credits back (a partial refund). A POS transaction can be credited once.
   * @throws validation.invalid, shop.not_found, contact.not_found, identifier.not_found, unit.not_found (no such
   *         reception unit, or no credit unit), ledger.duplicate_transaction, ledger.insufficient_balance, idempotency.key_reused
   */
  create(ctx: CommandContext, cmd: CreateReceptionCommand): Promise<ReceptionView>
  /**
   * Writes a new credit reception for the opposite credits of an earlier
   * one, reversing its ledger entry. A reception is reversed once; a reversal
   * cannot be reversed.
   * @throws ledger.entry_not_found, ledger.already_reversed, ledger.not_reversible, ledger.insufficient_balance, idempotency.key_reused
   */
  reverse(ctx: CommandContext, uuid: string): Promise<ReceptionView>
  /** The credits a reception would give, without giving them. @throws shop.not_found, contact.not_found, unit.not_found */
  calculate(accountId: number, query: CalculateQuery): Promise<{ amount: Minor }>
  /** Receptions, newest first, optionally of one contact or shop. @throws contact.not_found, shop.not_found */
  list(accountId: number, filter: ReceptionListFilter, page: PageRequest): Promise<Page<ReceptionView>>
  /** The account's reception units, the default one created on first use. */
  receptionUnits(accountId: number): Promise<ReceptionUnit[]>
  /** @throws unit.exists, idempotency.key_reused */
  createReceptionUnit(ctx: CommandContext, cmd: CreateReceptionUnitCommand): Promise<ReceptionUnit>
}

/** The account's reception units, with the default `purchase_amount` created on first use. */
const ensureReceptionUnits = async (tx: CreditReceptionsTx, accountId: number, creditsPerUnit: number, now: Instant): Promise<ReceptionUnit[]> => {
  const found = await tx.receptionUnits.list(accountId)
  if (found.length > 0) return found
  return [await tx.receptionUnits.create({ accountId, ...DEFAULT_RECEPTION_UNIT, isDefault: true, creditsPerUnit, createdAt: now })]
}

/** The reception unit of this name, or the default one. @throws unit.not_found */
const receptionUnitNamed = (receptionUnits: readonly ReceptionUnit[], name: string | undefined): ReceptionUnit => {
  const found = name === undefined ? (receptionUnits.find((u) => u.isDefault) ?? receptionUnits[0]) : receptionUnits.find((u) => u.name === name)
  if (!found) throw new DomainError('unit.not_found', { subject: 'receptionUnit', reason: name === undefined ? 'no default unit' : `unknown unit ${name}` })
  return found
}

/** @throws shop.not_found */
const shopByUuid = async (tx: ContactsTx, accountId: number, uuid: string): Promise<Shop> => {
  const shop = await tx.shops.findByUuid(accountId, uuid)
  if (!shop) throw new DomainError('shop.not_found', { subject: 'shop', reason: `no shop ${uuid}` })
  return shop
}

/** @throws contact.not_found */
const contactByUuid = async (tx: ContactsTx, accountId: number, uuid: string): Promise<Contact> => {
  const contact = await tx.contacts.findByUuid(accountId, uuid)
  if (!contact) throw new DomainError('contact.not_found', { subject: 'contact', reason: `no contact ${uuid}` })
  return contact
}

/** The contact with its email and credit balance, as a reception shows it. @throws unit.not_found */
const receptionContact = async (tx: ContactsTx & LedgerTx, contact: Contact): Promise<ReceptionContact> => {
  const balances = await contactBalances(tx, contact.accountId, contact.id)
  const unit = creditUnit(balances.all.map((b) => b.unit))
  const { walletId, balance } = balances.all.find((b) => b.unit.id === unit.id) ?? { walletId: null, balance: ZERO }
  return { contact, email: await tx.contacts.identifierOf(contact.accountId, contact.id, 'email'), credits: { walletId, balance } }
}

export const createCreditReceptionService = ({ uow, clock, ledger, creditsPerUnit }: CreditReceptionDeps): CreditReceptionService => {
  const write = writer({ uow, clock })

  const view = async (tx: Tx, reception: CreditReception): Promise<ReceptionView> => {
    const contact = await tx.contacts.get(reception.accountId, reception.contactId)
    const shop = await tx.shops.get(reception.accountId, reception.shopId)
    if (!contact || !shop) throw new Error(`credit reception ${reception.id} lost its contact or shop`)
    const receptionUnit = (await tx.receptionUnits.list(reception.accountId)).find((u) => u.id === reception.receptionUnitId) ?? null
    return { reception, contact: await receptionContact(tx, contact), shop, receptionUnit }
  }

  const emit = (tx: Tx, type: string, reception: CreditReception, contact: Contact, shop: Shop, receptionUnit: ReceptionUnit | null) =>
    tx.events.append({
      type,
      accountId: reception.accountId,
      shopId: shop.id,
      payload: receptionPayload(reception, contact, shop, receptionUnit),
      occurredAt: reception.createdAt,
    })

  /** Posts the signed amount to the contact's credit wallet; null when there is nothing to post. */
  const postCredits = async (tx: Tx, accountId: number, contact: Contact, shop: Shop, amount: Minor, reference: string, now: Instant) => {
    if (amount === 0) return null
    const unit = creditUnit(await tx.units.list(accountId))
    const { entry } = await ledger.postToWallet(
      tx,
      {
        accountId,
        contactId: contact.id,
        unitId: unit.id,
        amount,
        shopId: shop.id,
        type: ENTRY_TYPE,
        source: SOURCE,
        reference,
        title: 'Credit reception',
        description: shop.name,
        expiresAt: amount > 0 && unit.lifetimeDays !== null ? now + unit.lifetimeDays * DAY_MS : null,
        subject: 'credits',
      },
      now,
    )
    return entry
  }

  /** @throws identifier.not_found, validation.invalid (another contact's card) */
  const checkCard = async (tx: Tx, accountId: number, contact: Contact, value: string): Promise<void> => {
    const owner = await tx.contacts.findByIdentifier(accountId, CARD, value)
    const detail = await tx.identifierDetails.find(accountId, CARD, value)
    if (!owner && !detail) throw new DomainError('identifier.not_found', { subject: 'identifier', reason: `no contact identifier ${value}` })
    if (owner && owner.id !== contact.id) {
      throw new DomainError('validation.invalid', { subject: 'identifier', reason: 'the contact identifier belongs to another contact' })
    }
  }

  const create = (ctx: CommandContext, cmd: CreateReceptionCommand): Promise<ReceptionView> =>
    write(ctx, async (tx, now) => {
      if (cmd.amount === undefined && cmd.quantity === undefined) {
        throw new DomainError('validation.invalid', { subject: 'quantity', reason: 'unit_value or credits is required' })
      }
      if (cmd.amount !== undefined && !isWholeCredits(cmd.amount)) {
        throw new DomainError('validation.invalid', { subject: 'credits', reason: 'must be whole credits' })
      }
      if (cmd.posTransactionUuid !== undefined && (await tx.creditReceptions.findByPosTransaction(ctx.accountId, cmd.posTransactionUuid))) {
        throw new DomainError('ledger.duplicate_transaction', {
          subject: 'posTransaction',
          reason: `POS transaction ${cmd.posTransactionUuid} is already linked to a credit reception`,
        })
      }
      const shop = await shopByUuid(tx, ctx.accountId, cmd.shopUuid)
      const contact = await contactByUuid(tx, ctx.accountId, cmd.contactUuid)
      if (cmd.identifierValue !== undefined) await checkCard(tx, ctx.accountId, contact, cmd.identifierValue)
      const receptionUnits = await ensureReceptionUnits(tx, ctx.accountId, creditsPerUnit, now)
      const receptionUnit =
        cmd.amount !== undefined && cmd.receptionUnit === undefined && cmd.quantity === undefined ? null : receptionUnitNamed(receptionUnits, cmd.receptionUnit)
      const amount = cmd.amount ?? (receptionUnit && cmd.quantity !== undefined ? creditsFor(receptionUnit, cmd.quantity) : ZERO)
      const entry = await postCredits(tx, ctx.accountId, contact, shop, amount, cmd.posTransactionUuid ?? 'credit reception', now)
      const reception = await tx.creditReceptions.insert({
        accountId: ctx.accountId,
        contactId: contact.id,
        shopId: shop.id,
        receptionUnitId: receptionUnit?.id ?? null,
        quantity: cmd.quantity ?? null,
        amount,
        entryId: entry?.id ?? null,
        reversesId: null,
        posTransactionUuid: cmd.posTransactionUuid ?? null,
        identifierValue: cmd.identifierValue ?? null,
        createdAt: now,
      })
      await emit(tx, 'credit_reception.created', reception, contact, shop, receptionUnit)
      return view(tx, reception)
    })

  const reverse = (ctx: CommandContext, uuid: string): Promise<ReceptionView> =>
    write(ctx, async (tx, now) => {
      const original = await tx.creditReceptions.findByUuid(ctx.accountId, uuid)
      if (!original) throw new DomainError('ledger.entry_not_found', { subject: 'creditReception', reason: `no credit reception ${uuid}` })
      if (original.reversesId !== null) throw new DomainError('ledger.not_reversible', { subject: 'creditReception', reason: 'a reversal cannot be reversed' })
      if (await tx.creditReceptions.findReversalOf(ctx.accountId, original.id)) {
        throw new DomainError('ledger.already_reversed', { subject: 'creditReception', reason: `credit reception ${uuid} was already reversed` })
      }
      const entry = original.entryId === null ? null : (await ledger.reverseEntry(tx, ctx.accountId, original.entryId, 'creditReception', now)).entry
      const { id: _id, uuid: _uuid, ...kept } = original
      const reversal = await tx.creditReceptions.insert({
        ...kept,
        amount: minor(-original.amount),
        entryId: entry?.id ?? null,
        reversesId: original.id,
        posTransactionUuid: null,
        createdAt: now,
      })
      const result = await view(tx, reversal)
      await emit(tx, 'credit_reception.reversed', reversal, result.contact.contact, result.shop, result.receptionUnit)
      return result
    })

  const calculate = (accountId: number, query: CalculateQuery): Promise<{ amount: Minor }> =>
    uow.run(async (tx) => {
      await shopByUuid(tx, accountId, query.shopUuid)
      if (query.contactUuid !== undefined) await contactByUuid(tx, accountId, query.contactUuid)
      const receptionUnit = receptionUnitNamed(await ensureReceptionUnits(tx, accountId, creditsPerUnit, clock.now()), query.receptionUnit)
      return { amount: creditsFor(receptionUnit, query.quantity) }
    })

  const list = (accountId: number, filter: ReceptionListFilter, page: PageRequest): Promise<Page<ReceptionView>> =>
    uow.read(async (tx) => {
      const contact = filter.contactUuid === undefined ? undefined : await contactByUuid(tx, accountId, filter.contactUuid)
      const shop = filter.shopUuid === undefined ? undefined : await shopByUuid(tx, accountId, filter.shopUuid)
      const found = await tx.creditReceptions.list(accountId, { contactId: contact?.id, shopId: shop?.id }, page)
      const items: ReceptionView[] = []
      for (const reception of found.items) items.push(await view(tx, reception))
      return { ...found, items }
    })

  const receptionUnits = (accountId: number): Promise<ReceptionUnit[]> => uow.run((tx) => ensureReceptionUnits(tx, accountId, creditsPerUnit, clock.now()))

  const createReceptionUnit = (ctx: CommandContext, cmd: CreateReceptionUnitCommand): Promise<ReceptionUnit> =>
    write(ctx, async (tx, now) => {
      const existing = await ensureReceptionUnits(tx, ctx.accountId, creditsPerUnit, now)
      if (existing.some((u) => u.name === cmd.name)) throw new DomainError('unit.exists', { subject: 'name', reason: `unit ${cmd.name} exists` })
      if (cmd.isDefault) await tx.receptionUnits.clearDefault(ctx.accountId)
      const created = await tx.receptionUnits.create({
        accountId: ctx.accountId,
        name: cmd.name,
        label: cmd.label,
        prefix: cmd.prefix ?? cmd.name.slice(0, 1),
        isDefault: cmd.isDefault ?? false,
        creditsPerUnit: cmd.creditsPerUnit ?? creditsPerUnit,
        createdAt: now,
      })
      await tx.events.append({ type: 'unit.created', accountId: ctx.accountId, payload: { name: created.name, isDefault: created.isDefault }, occurredAt: now })
      return created
    })

  return { create, reverse, calculate, list, receptionUnits, createReceptionUnit }
}
