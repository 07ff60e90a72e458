import { randomUUID } from 'node:crypto'
import type { Contact, Shop } from '../contacts/contacts.js'
import { CARD } from '../contacts/identifiers.service.js'
import { ensureUnit, findUnit } from '../giftcards/money-units.js'
import type { LedgerService } from '../ledger/ledger.service.js'
import type { LegacyUnitOfWork, Tx } from '../legacy-tx.js'
import { type Minor, minor } from '../shared/amounts.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import { idempotent } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
import { PREPAID_UNIT, type PrepaidIdentifier, type PrepaidTransaction, type PrepaidTransactionView } from './prepaid.js'

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

interface Resolved {
  readonly contact: Contact
  readonly identifier: (PrepaidIdentifier & { kind: string }) | null
}

export type PrepaidService = ReturnType<typeof createPrepaidService>

/**
 * A contact's prepaid balance: a ledger wallet of the contact in the PREPAID
 * unit. Payments are debits checked under the wallet's lock, so the balance
 * never goes below zero, also when payments arrive at once.
 */
export const createPrepaidService = ({ uow, clock, ledger }: { uow: LegacyUnitOfWork; clock: Clock; ledger: LedgerService }) => {
  const write = <T>(ctx: CommandContext, work: (tx: Tx, now: Instant) => Promise<T>): Promise<T> =>
    uow.run((tx) => {
      const now = clock.now()
      return idempotent(tx, ctx, now, () => work(tx, now))
    })

  /** An identifier (a Leat card) with its details and the contact it is linked to, if any. */
  const lookupIdentifier = async (tx: Tx, accountId: number, value: string) => {
    const detail = await tx.identifierDetails.find(accountId, CARD, value)
    const contact = await tx.contacts.findByIdentifier(accountId, CARD, value)
    if (!detail && !contact) return null
    return { contact, identifier: { kind: CARD, value, name: detail?.name ?? value, active: detail?.active ?? true } }
  }

  /** @throws contact.not_found, identifier.not_found, identifier.inactive */
  const resolveContact = async (tx: Tx, accountId: number, ref: PrepaidContactRef): Promise<Resolved> => {
    if ('identifierValue' in ref) {
      const found = await lookupIdentifier(tx, accountId, ref.identifierValue)
      if (!found) throw new DomainError('identifier.not_found', { field: 'contact_identifier_value', reason: 'no such contact identifier' })
      if (!found.identifier.active)
        throw new DomainError('identifier.inactive', { field: 'contact_identifier_value', reason: 'the contact identifier is inactive' })
      if (!found.contact) throw new DomainError('contact.not_found', { field: 'contact_identifier_value', reason: 'the identifier is not linked to a contact' })
      return { contact: found.contact, identifier: found.identifier }
    }
    const contact = 'uuid' in ref ? await tx.contacts.findByUuid(accountId, ref.uuid) : await tx.contacts.get(accountId, ref.id)
    if (!contact) throw new DomainError('contact.not_found', { field: 'contact_uuid', reason: 'no such contact' })
    return { contact, identifier: null }
  }

  /** @throws shop.not_found */
  const requireShop = async (tx: Tx, accountId: number, ref: PrepaidShopRef): Promise<Shop> => {
    const shop = 'uuid' in ref ? await tx.shops.findByUuid(accountId, ref.uuid) : await tx.shops.get(accountId, ref.id)
    if (!shop) throw new DomainError('shop.not_found', { field: 'shop_uuid', reason: 'no such shop' })
    return shop
  }

  const identifierOf = async (tx: Tx, t: PrepaidTransaction): Promise<PrepaidIdentifier | null> => {
    if (t.identifierValue === null) return null
    const found = await lookupIdentifier(tx, t.accountId, t.identifierValue)
    return found ? { name: found.identifier.name, value: found.identifier.value, active: found.identifier.active } : null
  }

  const viewOf = async (tx: Tx, t: PrepaidTransaction): Promise<PrepaidTransactionView> => {
    const contact = await tx.contacts.get(t.accountId, t.contactId)
    if (!contact) throw new Error(`contact ${t.contactId} is missing`)
    const shop = t.shopId === null ? null : await tx.shops.get(t.accountId, t.shopId)
    const email = await tx.contacts.identifierOf(t.accountId, contact.id, 'email')
    return { transaction: t, contact, email, shop, identifier: await identifierOf(tx, t) }
  }

  const record = async (
    tx: Tx,
    resolved: Resolved,
    shop: Shop | null,
    posted: { entry: { id: number; amount: Minor }; balance: Minor },
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

  /**
   * Tops a contact's prepaid balance up (positive amount) or pays from it
   * (negative amount); a payment larger than the balance is refused.
   * @throws validation.invalid, contact.not_found, identifier.not_found, identifier.inactive, shop.not_found,
   *         prepaid.insufficient_balance, idempotency.key_reused
   */
  const transact = (ctx: CommandContext, cmd: PrepaidTransactionCommand): Promise<PrepaidTransactionView> =>
    write(ctx, async (tx, now) => {
      if (cmd.amount === 0) throw new DomainError('validation.invalid', { field: 'amount_in_cents', reason: 'must not be zero' })
      const resolved = await resolveContact(tx, ctx.accountId, cmd.contact)
      const shop = await requireShop(tx, ctx.accountId, cmd.shop)
      const unit = await ensureUnit(tx, ctx.accountId, PREPAID_UNIT, now)
      const wallet = await ledger.lockWallet(tx, ctx.accountId, resolved.contact.id, unit.id, now)
      if (cmd.amount < 0 && wallet.balance < -cmd.amount) {
        throw new DomainError('prepaid.insufficient_balance', {
          field: 'amount_in_cents',
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
          field: 'amount_in_cents',
        },
        now,
      )
      return record(tx, resolved, shop, posted, null, now)
    })

  /** Pays `amount` (positive) from a contact's prepaid balance: what a till or a kiosk does. */
  const pay = async (ctx: CommandContext, cmd: { contact: PrepaidContactRef; amount: Minor; shop: PrepaidShopRef }): Promise<PrepaidTransactionView> => {
    if (cmd.amount <= 0) throw new DomainError('validation.invalid', { field: 'amount_in_cents', reason: 'must be positive' })
    return transact(ctx, { ...cmd, amount: minor(-cmd.amount) })
  }

  /** Adds `amount` (positive) to a contact's prepaid balance. */
  const topUp = async (ctx: CommandContext, cmd: { contact: PrepaidContactRef; amount: Minor; shop: PrepaidShopRef }): Promise<PrepaidTransactionView> => {
    if (cmd.amount <= 0) throw new DomainError('validation.invalid', { field: 'amount_in_cents', reason: 'must be positive' })
    return transact(ctx, cmd)
  }

  /**
   * Writes the opposite of a prepaid transaction, once; reversing a top-up
   * that has been spent is refused like any payment the balance cannot cover.
   * @throws prepaid_transaction.not_found, ledger.already_reversed, ledger.not_reversible, prepaid.insufficient_balance
   */
  const reverse = (ctx: CommandContext, uuid: string): Promise<PrepaidTransactionView> =>
    write(ctx, async (tx, now) => {
      const original = await tx.prepaid.byUuid(ctx.accountId, uuid)
      if (!original) throw new DomainError('prepaid_transaction.not_found', { field: 'prepaid_transaction_uuid', reason: `no prepaid transaction ${uuid}` })
      const resolved = await resolveContact(tx, ctx.accountId, { id: original.contactId })
      const unit = await ensureUnit(tx, ctx.accountId, PREPAID_UNIT, now)
      const wallet = await ledger.lockWallet(tx, ctx.accountId, original.contactId, unit.id, now)
      if (original.amount > 0 && wallet.balance < original.amount) {
        throw new DomainError('prepaid.insufficient_balance', {
          field: 'prepaid_transaction_uuid',
          reason: `the prepaid balance of ${wallet.balance} cents no longer covers the top-up`,
        })
      }
      const posted = await ledger.reverseEntry(tx, ctx.accountId, original.entryId, 'prepaid_transaction_uuid', now)
      const shop = original.shopId === null ? null : await tx.shops.get(ctx.accountId, original.shopId)
      return record(tx, resolved, shop, posted, original, now)
    })

  /** A contact's prepaid balance; zero before the first top-up. @throws contact.not_found */
  const balance = (accountId: number, contact: PrepaidContactRef): Promise<Minor> =>
    uow.read(async (tx) => {
      const resolved = await resolveContact(tx, accountId, contact)
      const unit = await findUnit(tx, accountId, PREPAID_UNIT.name)
      if (!unit) return minor(0)
      const wallet = (await tx.ledger.walletsOf(accountId, resolved.contact.id)).find((w) => w.unitId === unit.id)
      return wallet?.balance ?? minor(0)
    })

  /** @throws contact.not_found, shop.not_found */
  const list = (
    accountId: number,
    filter: { contactUuid?: string | undefined; shopUuid?: string | undefined },
    page: PageRequest,
  ): Promise<Page<PrepaidTransactionView>> =>
    uow.read(async (tx) => {
      const contact = filter.contactUuid === undefined ? null : (await resolveContact(tx, accountId, { uuid: filter.contactUuid })).contact
      const shop = filter.shopUuid === undefined ? null : await requireShop(tx, accountId, { uuid: filter.shopUuid })
      const found = await tx.prepaid.list(accountId, { contactId: contact?.id, shopId: shop?.id }, page)
      const items: PrepaidTransactionView[] = []
      for (const t of found.items) items.push(await viewOf(tx, t))
      return { ...found, items }
    })

  return { transact, pay, topUp, reverse, balance, list }
}
