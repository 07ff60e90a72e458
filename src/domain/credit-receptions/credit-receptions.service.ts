import type { Contact, Shop } from '../contacts/contacts.js'
import { contactByUuid, contactCard, creditUnit } from '../contacts/directory.service.js'
import { CARD } from '../contacts/identifiers.js'
import type { LedgerService } from '../ledger/ledger.service.js'
import type { LegacyUnitOfWork, Tx } from '../legacy-tx.js'
import { minor } from '../shared/amounts.js'
import { type Clock, DAY_MS, type Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import { idempotent } from '../shared/idempotency.js'
import type { Page, PageRequest } from '../shared/page.js'
import type { CreditReception, ReceptionUnit, ReceptionView } from './credit-receptions.js'

/** The unit every account starts with: money spent, one credit per whole currency unit unless configured otherwise. */
export const DEFAULT_UNIT = { name: 'purchase_amount', label: 'Purchase Amount', prefix: '€' } as const

/** The ledger type of credit receptions; `source` tells them apart in reports. */
const ENTRY_TYPE = 'POINTS CREDIT_RECEPTION'
const SOURCE = 'CREDIT_RECEPTION'

export interface CreateReceptionCommand {
  readonly shopUuid: string
  readonly contactUuid: string
  /** Whole credits, signed; overrides the unit's rate. */
  readonly credits?: number | undefined
  /** Hundredths of the unit, not negative. */
  readonly unitValue?: number | undefined
  readonly unitName?: string | undefined
  readonly contactIdentifierValue?: string | undefined
  readonly posTransactionUuid?: string | undefined
}

export interface CreateUnitCommand {
  readonly name: string
  readonly label: string
  readonly prefix?: string | undefined
  readonly isDefault?: boolean | undefined
  /** Hundredths of a credit per whole unit. */
  readonly creditsPerUnit?: number | undefined
}

/** Credits for a unit value: the rate applied and rounded down to whole credits. */
export const creditsFor = (unit: ReceptionUnit, unitValue: number): number => Math.floor((unitValue * unit.creditsPerUnit) / 10_000)

export type CreditReceptionService = ReturnType<typeof createCreditReceptionService>

export const createCreditReceptionService = (deps: { uow: LegacyUnitOfWork; clock: Clock; ledger: LedgerService; creditsPerUnit: number }) => {
  const { uow, clock, ledger } = deps

  const write = <T>(ctx: CommandContext, work: (tx: Tx, now: Instant) => Promise<T>): Promise<T> =>
    uow.run((tx) => {
      const now = clock.now()
      return idempotent(tx, ctx, now, () => work(tx, now))
    })

  /** The account's units, with the default `purchase_amount` unit created on first use. */
  const ensureUnits = async (tx: Tx, accountId: number, now: Instant): Promise<ReceptionUnit[]> => {
    const units = await tx.receptionUnits.list(accountId)
    if (units.length > 0) return units
    const unit = await tx.receptionUnits.create({ accountId, ...DEFAULT_UNIT, isDefault: true, creditsPerUnit: deps.creditsPerUnit, createdAt: now })
    return [unit]
  }

  /** @throws unit.not_found */
  const unitNamed = (units: readonly ReceptionUnit[], name: string | undefined): ReceptionUnit => {
    const unit = name === undefined ? (units.find((u) => u.isDefault) ?? units[0]) : units.find((u) => u.name === name)
    if (!unit) throw new DomainError('unit.not_found', { field: 'unit_name', reason: name === undefined ? 'no default unit' : `unknown unit ${name}` })
    return unit
  }

  /** @throws shop.not_found */
  const shopByUuid = async (tx: Tx, accountId: number, uuid: string): Promise<Shop> => {
    const shop = await tx.shops.findByUuid(accountId, uuid)
    if (!shop) throw new DomainError('shop.not_found', { field: 'shop_uuid', reason: `no shop ${uuid}` })
    return shop
  }

  const view = async (tx: Tx, reception: CreditReception): Promise<ReceptionView> => {
    const contact = await tx.contacts.get(reception.accountId, reception.contactId)
    const shop = await tx.shops.get(reception.accountId, reception.shopId)
    if (!contact || !shop) throw new Error(`credit reception ${reception.id} lost its contact or shop`)
    const units = await tx.receptionUnits.list(reception.accountId)
    return { reception, contact: await contactCard(tx, contact), shop, unit: units.find((u) => u.id === reception.unitId) ?? null }
  }

  const emit = (tx: Tx, type: string, reception: CreditReception, contact: Contact, shop: Shop, unit: ReceptionUnit | null) =>
    tx.events.append({
      type,
      accountId: reception.accountId,
      shopId: shop.id,
      payload: {
        uuid: reception.uuid,
        contactId: contact.id,
        contactUuid: contact.uuid,
        shopUuid: shop.uuid,
        credits: reception.credits,
        unitValue: reception.unitValue === null ? null : reception.unitValue / 100,
        unitName: unit?.name ?? null,
        posTransactionUuid: reception.posTransactionUuid,
        reversesId: reception.reversesId,
      },
      occurredAt: reception.createdAt,
    })

  /** Posts signed whole credits to the contact's points wallet; null when there is nothing to post. */
  const postCredits = async (tx: Tx, accountId: number, contact: Contact, shop: Shop, credits: number, reference: string, now: Instant) => {
    if (credits === 0) return null
    const unit = creditUnit(await tx.units.list(accountId))
    const { entry } = await ledger.postToWallet(
      tx,
      {
        accountId,
        contactId: contact.id,
        unitId: unit.id,
        amount: minor(credits * 100),
        shopId: shop.id,
        type: ENTRY_TYPE,
        source: SOURCE,
        reference,
        title: 'Credit reception',
        description: shop.name,
        expiresAt: credits > 0 && unit.lifetimeDays !== null ? now + unit.lifetimeDays * DAY_MS : null,
        field: 'credits',
      },
      now,
    )
    return entry
  }

  /**
   * Gives a contact credits at a shop: the credits named, or those the unit's
   * rate gives for the unit value. Negative credits take credits back (a
   * partial refund). A POS transaction can be credited once.
   * @throws shop.not_found, contact.not_found, unit.not_found, identifier.not_found,
   *         ledger.duplicate_transaction, ledger.insufficient_balance, validation.invalid
   */
  const create = (ctx: CommandContext, cmd: CreateReceptionCommand): Promise<ReceptionView> =>
    write(ctx, async (tx, now) => {
      if (cmd.credits === undefined && cmd.unitValue === undefined) {
        throw new DomainError('validation.invalid', { field: 'unit_value', reason: 'unit_value or credits is required' })
      }
      if (cmd.posTransactionUuid !== undefined && (await tx.creditReceptions.findByPosTransaction(ctx.accountId, cmd.posTransactionUuid))) {
        throw new DomainError('ledger.duplicate_transaction', {
          field: 'pos_transaction_uuid',
          reason: `POS transaction ${cmd.posTransactionUuid} is already linked to a credit reception`,
        })
      }
      const shop = await shopByUuid(tx, ctx.accountId, cmd.shopUuid)
      const contact = await contactByUuid(tx, ctx.accountId, cmd.contactUuid)
      if (cmd.contactIdentifierValue !== undefined) {
        const owner = await tx.contacts.findByIdentifier(ctx.accountId, CARD, cmd.contactIdentifierValue)
        const detail = await tx.identifierDetails.find(ctx.accountId, CARD, cmd.contactIdentifierValue)
        if (!owner && !detail) {
          throw new DomainError('identifier.not_found', { field: 'contact_identifier_value', reason: `no contact identifier ${cmd.contactIdentifierValue}` })
        }
        if (owner && owner.id !== contact.id) {
          throw new DomainError('validation.invalid', { field: 'contact_identifier_value', reason: 'the contact identifier belongs to another contact' })
        }
      }
      const units = await ensureUnits(tx, ctx.accountId, now)
      const unit = cmd.credits !== undefined && cmd.unitName === undefined && cmd.unitValue === undefined ? null : unitNamed(units, cmd.unitName)
      const credits = cmd.credits ?? (unit && cmd.unitValue !== undefined ? creditsFor(unit, cmd.unitValue) : 0)
      const draft = {
        accountId: ctx.accountId,
        contactId: contact.id,
        shopId: shop.id,
        unitId: unit?.id ?? null,
        unitValue: cmd.unitValue ?? null,
        credits,
        reversesId: null,
        posTransactionUuid: cmd.posTransactionUuid ?? null,
        contactIdentifierValue: cmd.contactIdentifierValue ?? null,
        createdAt: now,
      }
      const entry = await postCredits(tx, ctx.accountId, contact, shop, credits, cmd.posTransactionUuid ?? 'credit reception', now)
      const reception = await tx.creditReceptions.insert({ ...draft, entryId: entry?.id ?? null })
      await emit(tx, 'credit_reception.created', reception, contact, shop, unit)
      return view(tx, reception)
    })

  /**
   * Writes a new credit reception for the negative credits of an earlier
   * one, reversing its ledger entry. A reception is reversed once; a reversal
   * cannot be reversed.
   * @throws ledger.entry_not_found, ledger.already_reversed, ledger.not_reversible, ledger.insufficient_balance
   */
  const reverse = (ctx: CommandContext, uuid: string): Promise<ReceptionView> =>
    write(ctx, async (tx, now) => {
      const field = 'credit_reception_uuid'
      const original = await tx.creditReceptions.findByUuid(ctx.accountId, uuid)
      if (!original) throw new DomainError('ledger.entry_not_found', { field, reason: `no credit reception ${uuid}` })
      if (original.reversesId !== null) throw new DomainError('ledger.not_reversible', { field, reason: 'a reversal cannot be reversed' })
      if (await tx.creditReceptions.findReversalOf(ctx.accountId, original.id)) {
        throw new DomainError('ledger.already_reversed', { field, reason: `credit reception ${uuid} was already reversed` })
      }
      const entry = original.entryId === null ? null : (await ledger.reverseEntry(tx, ctx.accountId, original.entryId, field, now)).entry
      const reversal = await tx.creditReceptions.insert({
        accountId: ctx.accountId,
        contactId: original.contactId,
        shopId: original.shopId,
        unitId: original.unitId,
        unitValue: original.unitValue,
        credits: -original.credits,
        entryId: entry?.id ?? null,
        reversesId: original.id,
        posTransactionUuid: null,
        contactIdentifierValue: original.contactIdentifierValue,
        createdAt: now,
      })
      const result = await view(tx, reversal)
      await emit(tx, 'credit_reception.reversed', reversal, result.contact.contact, result.shop, result.unit)
      return result
    })

  /** The credits a reception would give, without giving them. @throws shop.not_found, contact.not_found, unit.not_found */
  const calculate = (accountId: number, input: { shopUuid: string; contactUuid?: string | undefined; unitValue: number; unitName?: string | undefined }) =>
    uow.run(async (tx) => {
      await shopByUuid(tx, accountId, input.shopUuid)
      if (input.contactUuid !== undefined) await contactByUuid(tx, accountId, input.contactUuid)
      const unit = unitNamed(await ensureUnits(tx, accountId, clock.now()), input.unitName)
      return { credits: creditsFor(unit, input.unitValue) }
    })

  /** Loyalty transactions, newest first, optionally of one contact or shop. @throws contact.not_found, shop.not_found */
  const list = (
    accountId: number,
    filter: { contactUuid?: string | undefined; shopUuid?: string | undefined },
    page: PageRequest,
  ): Promise<Page<ReceptionView>> =>
    uow.read(async (tx) => {
      const contact = filter.contactUuid === undefined ? undefined : await contactByUuid(tx, accountId, filter.contactUuid)
      const shop = filter.shopUuid === undefined ? undefined : await shopByUuid(tx, accountId, filter.shopUuid)
      const found = await tx.creditReceptions.list(accountId, { contactId: contact?.id, shopId: shop?.id }, page)
      const items: ReceptionView[] = []
      for (const reception of found.items) items.push(await view(tx, reception))
      return { ...found, items }
    })

  /** The account's units, the default one created on first use. */
  const units = (accountId: number): Promise<ReceptionUnit[]> => uow.run((tx) => ensureUnits(tx, accountId, clock.now()))

  /** @throws unit.exists */
  const createUnit = (ctx: CommandContext, cmd: CreateUnitCommand): Promise<ReceptionUnit> =>
    write(ctx, async (tx, now) => {
      const existing = await ensureUnits(tx, ctx.accountId, now)
      if (existing.some((u) => u.name === cmd.name)) throw new DomainError('unit.exists', { field: 'name', reason: `unit ${cmd.name} exists` })
      if (cmd.isDefault) await tx.receptionUnits.clearDefault(ctx.accountId)
      const unit = await tx.receptionUnits.create({
        accountId: ctx.accountId,
        name: cmd.name,
        label: cmd.label,
        prefix: cmd.prefix ?? cmd.name.slice(0, 1),
        isDefault: cmd.isDefault ?? false,
        creditsPerUnit: cmd.creditsPerUnit ?? deps.creditsPerUnit,
        createdAt: now,
      })
      await tx.events.append({ type: 'unit.created', accountId: ctx.accountId, payload: { name: unit.name, isDefault: unit.isDefault }, occurredAt: now })
      return unit
    })

  return { create, reverse, calculate, list, units, createUnit }
}
