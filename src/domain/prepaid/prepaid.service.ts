import { randomUUID } from 'node:crypto'
import type { Contact, Shop } from '../contacts/contacts.js'
import type { ContactsTx } from '../contacts/contacts.store.js'
import { CARD, type IdentifierDetailStore } from '../contacts/identifiers.js'
import { ensureUnit, moneyBalance } from '../giftcards/money-units.js'
import type { Entry } from '../ledger/ledger.js'
import type { LedgerTx } from '../ledger/ledger.store.js'
import type { WalletLedger } from '../ledger/wallets.js'
import { type Minor, minor } from '../shared/amounts.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import { PREPAID_UNIT, type PrepaidIdentifier, type PrepaidTransaction, type PrepaidTransactionView } from './prepaid.js'
import type { PrepaidTx } from './prepaid.store.js'

/** What the prepaid use cases need of a transaction. */
export type PrepaidServiceTx = PrepaidTx & ContactsTx & LedgerTx & EventsTx & { readonly identifierDetails: IdentifierDetailStore }

/** A contact named by UUID, by one of its identifiers (a scanned card) or by id (a portal session's contact). */
export type PrepaidContactRef = { readonly uuid: string } | { readonly identifierValue: string } | { readonly id: number }

/** A shop named by its UUID (Leat) or by its id (a portal session's own shop). */
export type PrepaidShopRef = { readonly uuid: string } | { readonly id: number }

export interface PrepaidTransactionCommand {
  readonly contact: PrepaidContactRef
  /** Signed, never zero: positive tops the balance up, negative pays from it. */
  readonly amount: Minor
  readonly shop: PrepaidShopRef
}

/** A payment from, or a top-up of, a contact's prepaid balance: `amount` is positive. */
export type PrepaidPaymentCommand = PrepaidTransactionCommand

export interface PrepaidListFilter {
  readonly contactUuid?: string | undefined
  readonly shopUuid?: string | undefined
}

export interface PrepaidDeps {
  readonly uow: UnitOfWork<PrepaidServiceTx & IdempotencyTx>
  readonly clock: Clock
  readonly ledger: WalletLedger
}

/**
 * A contact's prepaid balance: a ledger wallet of the contact in the PREPAID
 * unit. Payments are debits checked under the wallet's lock, so the balance
 * never goes below zero, also when payments arrive at once.
 */
export interface PrepaidService {
  /**
   * Tops a contact's prepaid balance up (positive amount) or pays from it
   * (negative amount); a payment larger than the balance is refused.
   * @throws validation.invalid, contact.not_found, identifier.not_found, identifier.inactive, shop.not_found,
   *         prepaid.insufficient_balance, idempotency.key_reused
   */
  transact(ctx: CommandContext, cmd: PrepaidTransactionCommand): Promise<PrepaidTransactionView>
  /** Pays `amount` from a contact's prepaid balance: what a till or a kiosk does. @throws as {@link transact} */
  pay(ctx: CommandContext, cmd: PrepaidPaymentCommand): Promise<PrepaidTransactionView>
  /** {@link pay}, in the caller's transaction. @throws as {@link transact}, but idempotency.key_reused */
  payWithin(tx: PrepaidServiceTx, ctx: CommandContext, cmd: PrepaidPaymentCommand, now: Instant): Promise<PrepaidTransactionView>
  /** Adds `amount` to a contact's prepaid balance. @throws as {@link transact} */
  topUp(ctx: CommandContext, cmd: PrepaidPaymentCommand): Promise<PrepaidTransactionView>
  /** {@link topUp}, in the caller's transaction. @throws as {@link transact}, but idempotency.key_reused */
  topUpWithin(tx: PrepaidServiceTx, ctx: CommandContext, cmd: PrepaidPaymentCommand, now: Instant): Promise<PrepaidTransactionView>
  /**
   * Writes the opposite of a prepaid transaction, once; reversing a top-up
   * that has been spent is refused like any payment the balance cannot cover.
   * @throws prepaid_transaction.not_found, ledger.already_reversed, ledger.not_reversible, prepaid.insufficient_balance, idempotency.key_reused
   */
  reverse(ctx: CommandContext, uuid: string): Promise<PrepaidTransactionView>
  /** A contact's prepaid balance; zero before the first top-up. @throws contact.not_found, identifier.not_found, identifier.inactive */
  balance(accountId: number, contact: PrepaidContactRef): Promise<Minor>
  /** @throws contact.not_found, shop.not_found */
  list(accountId: number, filter: PrepaidListFilter, page: PageRequest): Promise<Page<PrepaidTransactionView>>
}

interface Resolved {
  readonly contact: Contact
  readonly identifier: (PrepaidIdentifier & { kind: string }) | null
}

/** An identifier (a Leat card) with its details and the contact it is linked to, if any. */
const lookupIdentifier = async (tx: PrepaidServiceTx, accountId: number, value: string) => {
  const detail = await tx.identifierDetails.find(accountId, CARD, value)
  const contact = await tx.contacts.findByIdentifier(accountId, CARD, value)
  if (!detail && !contact) return null
  return { contact, identifier: { kind: CARD, value, name: detail?.name ?? value, active: detail?.active ?? true } }
}

/** @throws contact.not_found, identifier.not_found, identifier.inactive */
const resolveContact = async (tx: PrepaidServiceTx, accountId: number, ref: PrepaidContactRef): Promise<Resolved> => {
  if ('identifierValue' in ref) {
    const found = await lookupIdentifier(tx, accountId, ref.identifierValue)
    if (!found) throw new DomainError('identifier.not_found', { subject: 'identifier', reason: 'no such contact identifier' })
    if (!found.identifier.active) throw new DomainError('identifier.inactive', { subject: 'identifier', reason: 'the contact identifier is inactive' })
    if (!found.contact) throw new DomainError('contact.not_found', { subject: 'identifier', reason: 'the identifier is not linked to a contact' })
    return { contact: found.contact, identifier: found.identifier }
  }
  const contact = 'uuid' in ref ? await tx.contacts.findByUuid(accountId, ref.uuid) : await tx.contacts.get(accountId, ref.id)
  if (!contact) throw new DomainError('contact.not_found', { subject: 'contact', reason: 'no such contact' })
  return { contact, identifier: null }
}

/** @throws shop.not_found */
const requireShop = async (tx: ContactsTx, accountId: number, ref: PrepaidShopRef): Promise<Shop> => {
  const shop = 'uuid' in ref ? await tx.shops.findByUuid(accountId, ref.uuid) : await tx.shops.get(accountId, ref.id)
  if (!shop) throw new DomainError('shop.not_found', { subject: 'shop', reason: 'no such shop' })
  return shop
}

/** @throws validation.invalid unless the amount is positive */
const positive = (amount: Minor): Minor => {
  if (amount <= 0) throw new DomainError('validation.invalid', { subject: 'amount', reason: 'must be positive' })
  return amount
}

const identifierOf = async (tx: PrepaidServiceTx, t: PrepaidTransaction): Promise<PrepaidIdentifier | null> => {
  if (t.identifierValue === null) return null
  const found = await lookupIdentifier(tx, t.accountId, t.identifierValue)
  return found ? { name: found.identifier.name, value: found.identifier.value, active: found.identifier.active } : null
}

const viewOf = async (tx: PrepaidServiceTx, t: PrepaidTransaction): Promise<PrepaidTransactionView> => {
  const contact = await tx.contacts.get(t.accountId, t.contactId)
  if (!contact) throw new Error(`contact ${t.contactId} is missing`)
  const shop = t.shopId === null ? null : await tx.shops.get(t.accountId, t.shopId)
  const email = await tx.contacts.identifierOf(t.accountId, contact.id, 'email')
  return { transaction: t, contact, email, shop, identifier: await identifierOf(tx, t) }
}

const record = async (
  tx: PrepaidServiceTx,
  resolved: Resolved,
  shop: Shop | null,
  posted: { entry: Entry; balance: Minor },
  reverses: PrepaidTransaction | null,
  now: Instant,
): Promise<PrepaidTransactionView> => {
  const transaction = await tx.prepaid.insert({
    uuid: randomUUID(),
    accountId: resolved.contact.accountId,
    contactId: resolved.contact.id,
    entryId: posted.entry.id,
    shopId: shop?.id ?? null,
    amount: posted.entry.amount,
    balanceAfter: posted.balance,
    identifierKind: resolved.identifier?.kind ?? reverses?.identifierKind ?? null,
    identifierValue: resolved.identifier?.value ?? reverses?.identifierValue ?? null,
    reversesId: reverses?.id ?? null,
    createdAt: now,
  })
  await tx.events.append({
    type: 'prepaid_transaction.created',
    accountId: transaction.accountId,
    shopId: transaction.shopId,
    payload: {
      prepaidTransactionId: transaction.id,
      uuid: transaction.uuid,
      contactUuid: resolved.contact.uuid,
      amountInCents: transaction.amount,
      balanceInCents: transaction.balanceAfter,
      reversesId: transaction.reversesId,
    },
    occurredAt: now,
  })
  return viewOf(tx, transaction)
}

export const createPrepaidService = ({ uow, clock, ledger }: PrepaidDeps): PrepaidService => {
  const write = writer({ uow, clock })

  /** Every prepaid transaction, in the caller's transaction: the balance is checked under the wallet's lock. */
  const transactWithin = async (tx: PrepaidServiceTx, ctx: CommandContext, cmd: PrepaidTransactionCommand, now: Instant): Promise<PrepaidTransactionView> => {
    if (cmd.amount === 0) throw new DomainError('validation.invalid', { subject: 'amount', reason: 'must not be zero' })
    const resolved = await resolveContact(tx, ctx.accountId, cmd.contact)
    const shop = await requireShop(tx, ctx.accountId, cmd.shop)
    const unit = await ensureUnit(tx, ctx.accountId, PREPAID_UNIT, now)
    const wallet = await ledger.lockWallet(tx, ctx.accountId, resolved.contact.id, unit.id, now)
    if (cmd.amount < 0 && wallet.balance < -cmd.amount) {
      throw new DomainError('prepaid.insufficient_balance', {
        subject: 'amount',
        reason: `the prepaid balance of ${wallet.balance} cents does not cover ${-cmd.amount} cents`,
      })
    }
    const posted = await ledger.postToWallet(
      tx,
      {
        accountId: ctx.accountId,
        contactId: resolved.contact.id,
        unitId: unit.id,
        amount: cmd.amount,
        shopId: shop.id,
        type: cmd.amount > 0 ? 'PREPAID TOP UP' : 'PREPAID PAYMENT',
        source: cmd.amount > 0 ? 'TOP UP' : 'PAYMENT',
        subject: 'amount',
      },
      now,
    )
    return record(tx, resolved, shop, posted, null, now)
  }

  const payWithin = (tx: PrepaidServiceTx, ctx: CommandContext, cmd: PrepaidPaymentCommand, now: Instant): Promise<PrepaidTransactionView> =>
    transactWithin(tx, ctx, { ...cmd, amount: minor(-positive(cmd.amount)) }, now)

  const topUpWithin = (tx: PrepaidServiceTx, ctx: CommandContext, cmd: PrepaidPaymentCommand, now: Instant): Promise<PrepaidTransactionView> =>
    transactWithin(tx, ctx, { ...cmd, amount: positive(cmd.amount) }, now)

  const reverse = (ctx: CommandContext, uuid: string): Promise<PrepaidTransactionView> =>
    write(ctx, async (tx, now) => {
      const original = await tx.prepaid.byUuid(ctx.accountId, uuid)
      if (!original) throw new DomainError('prepaid_transaction.not_found', { subject: 'prepaidTransaction', reason: `no prepaid transaction ${uuid}` })
      const resolved = await resolveContact(tx, ctx.accountId, { id: original.contactId })
      const unit = await ensureUnit(tx, ctx.accountId, PREPAID_UNIT, now)
      const wallet = await ledger.lockWallet(tx, ctx.accountId, original.contactId, unit.id, now)
      if (original.amount > 0 && wallet.balance < original.amount) {
        throw new DomainError('prepaid.insufficient_balance', {
          subject: 'prepaidTransaction',
          reason: `the prepaid balance of ${wallet.balance} cents no longer covers the top-up`,
        })
      }
      const posted = await ledger.reverseEntry(tx, ctx.accountId, original.entryId, 'prepaidTransaction', now)
      const shop = original.shopId === null ? null : await tx.shops.get(ctx.accountId, original.shopId)
      return record(tx, resolved, shop, posted, original, now)
    })

  const balance = (accountId: number, ref: PrepaidContactRef): Promise<Minor> =>
    uow.read(async (tx) => {
      const { contact } = await resolveContact(tx, accountId, ref)
      return moneyBalance(tx, accountId, contact.id, PREPAID_UNIT)
    })

  const list = (accountId: number, filter: PrepaidListFilter, page: PageRequest): Promise<Page<PrepaidTransactionView>> =>
    uow.read(async (tx) => {
      const contact = filter.contactUuid === undefined ? null : (await resolveContact(tx, accountId, { uuid: filter.contactUuid })).contact
      const shop = filter.shopUuid === undefined ? null : await requireShop(tx, accountId, { uuid: filter.shopUuid })
      const found = await tx.prepaid.list(accountId, { contactId: contact?.id, shopId: shop?.id }, page)
      const items: PrepaidTransactionView[] = []
      for (const t of found.items) items.push(await viewOf(tx, t))
      return { ...found, items }
    })

  return {
    transact: (ctx, cmd) => write(ctx, (tx, now) => transactWithin(tx, ctx, cmd, now)),
    pay: (ctx, cmd) => write(ctx, (tx, now) => payWithin(tx, ctx, cmd, now)),
    payWithin,
    topUp: (ctx, cmd) => write(ctx, (tx, now) => topUpWithin(tx, ctx, cmd, now)),
    topUpWithin,
    reverse,
    balance,
    list,
  }
}
