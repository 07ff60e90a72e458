import type { SecretService } from '../accounts/accounts.store.js'
import type { ContactReference } from '../contacts/contacts.service.js'
import { requireContact, upsertShop } from '../contacts/contacts.service.js'
import type { ContactSnapshot, EntryView } from '../ledger/ledger.js'
import { contactBalances, snapshot } from '../ledger/ledger.queries.js'
import type { LedgerService, LedgerServiceTx, ShopReference } from '../ledger/ledger.service.js'
import { type Minor, minor } from '../shared/amounts.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import { idempotent } from '../shared/idempotency.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { REDEEM_CODE_TTL_MS, REDEEM_MAX_ATTEMPTS, type RedeemRequest } from './redeems.js'
import type { RedeemStore } from './redeems.store.js'

export type RedeemServiceTx = LedgerServiceTx & { readonly redeems: RedeemStore }

export interface RequestRedeemCommand {
  readonly contact: ContactReference
  readonly amount: Minor
  readonly shop: ShopReference
}

export interface ConfirmRedeemCommand {
  readonly id: number
  readonly code: string
}

/** A request with its one-time code, as answered to the store that asked for it. */
export interface IssuedRedeem {
  readonly request: RedeemRequest
  readonly code: string
  readonly contact: ContactSnapshot
}

export interface RedeemServiceDeps {
  readonly uow: UnitOfWork<RedeemServiceTx>
  readonly clock: Clock
  readonly secrets: SecretService
  readonly ledger: Pick<LedgerService, 'postWithin'>
}

/**
 * Redeems in two steps: a request names the customer and the points and
 * yields a one-time code for the customer; the store confirms the redeem
 * with that code, and only then are the points taken, under the wallet lock,
 * so the balance never goes below zero. A code works once, within
 * `REDEEM_CODE_TTL_MS`; `REDEEM_MAX_ATTEMPTS` wrong codes cancel the request.
 */
export interface RedeemService {
  /**
   * Opens a redeem request. The balance is checked now so that a customer
   * who cannot afford it hears so at once; it is checked again, under the
   * wallet lock, when the redeem is confirmed.
   * @throws contact.not_found (contact), ledger.insufficient_balance (amount), unit.not_found, idempotency.key_reused
   */
  request(ctx: CommandContext, cmd: RequestRedeemCommand): Promise<IssuedRedeem>
  /**
   * Confirms a redeem with its one-time code: takes the points in the same
   * transaction that closes the request, so it happens once.
   * @throws redeem.not_found, redeem.expired, redeem.closed (redeem), redeem.invalid_code (otp),
   *         ledger.insufficient_balance (amount), idempotency.key_reused
   */
  confirm(ctx: CommandContext, cmd: ConfirmRedeemCommand): Promise<{ entry: EntryView; request: RedeemRequest }>
  /** The one-time code of a request. */
  codeOf(seed: string): string
}

/** Transaction type of confirmed redeems: a debit of POINTS whose source is REDEEM. */
export const REDEEM_TYPE = 'POINTS REDEEM'

/**
 * Redeems in two steps: a request names the customer and the points and
 * yields a one-time code for the customer; the store confirms the redeem
 * with that code, and only then are the points taken, under the wallet lock,
 * so the balance never goes below zero. A code works once, within
 * `REDEEM_CODE_TTL_MS`; `REDEEM_MAX_ATTEMPTS` wrong codes cancel the request.
 */
export const createRedeemService = ({ uow, clock, secrets, ledger }: RedeemServiceDeps): RedeemService => {
  /** Six digits derived from the request's seed with the keyed hash. */
  const codeOf = (seed: string): string => {
    const digest = secrets.hash(`redeem-code:${seed}`)
    let n = 0
    for (const ch of digest.slice(0, 12)) n = (n * 64 + ch.charCodeAt(0)) % 1_000_000
    return String(n).padStart(6, '0')
  }

  const snapshotOf = async (tx: RedeemServiceTx, accountId: number, contactId: number): Promise<ContactSnapshot> => {
    const contact = await tx.contacts.get(accountId, contactId)
    if (!contact) throw new Error(`contact ${contactId} is missing`)
    return snapshot(tx, contact, await tx.units.list(accountId))
  }

  const pointsUnit = async (tx: RedeemServiceTx, accountId: number) => {
    const [unit] = await tx.units.list(accountId)
    if (!unit) throw new DomainError('unit.not_found', { subject: 'unit', reason: 'the account has no units' })
    return unit
  }

  const request = (ctx: CommandContext, cmd: RequestRedeemCommand): Promise<IssuedRedeem> =>
    uow.run(async (tx) => {
      const now = clock.now()
      const request = await idempotent(tx, ctx, now, async () => {
        const contact = await requireContact(tx, ctx.accountId, cmd.contact)
        const unit = await pointsUnit(tx, ctx.accountId)
        const balance = (await contactBalances(tx, ctx.accountId, contact.id)).of(unit.name)
        if (balance < cmd.amount) {
          throw new DomainError('ledger.insufficient_balance', { subject: 'amount', reason: `balance ${balance / 100} is less than ${cmd.amount / 100}` })
        }
        const shop = await upsertShop(tx, ctx.accountId, cmd.shop, now)
        const created = await tx.redeems.create({
          accountId: ctx.accountId,
          contactId: contact.id,
          unitId: unit.id,
          shopId: shop.id,
          amount: cmd.amount,
          seed: secrets.generate(''),
          expiresAt: now + REDEEM_CODE_TTL_MS,
          now,
        })
        await tx.events.append({
          type: 'redeem.requested',
          accountId: ctx.accountId,
          shopId: shop.id,
          payload: { redeemId: created.id, contactId: contact.id, unit: unit.name, amount: created.amount, expiresAt: created.expiresAt },
          occurredAt: now,
        })
        return created
      })
      return { request, code: codeOf(request.seed), contact: await snapshotOf(tx, ctx.accountId, request.contactId) }
    })

  type Outcome = { ok: true; entry: EntryView; request: RedeemRequest } | { ok: false; reason: string }

  const confirm = async (ctx: CommandContext, cmd: ConfirmRedeemCommand): Promise<{ entry: EntryView; request: RedeemRequest }> => {
    // A wrong code is recorded (and may cancel the request), so that
    // transaction commits and the failure is raised afterwards.
    const outcome: Outcome = await uow.run(async (tx) => {
      const now = clock.now()
      return idempotent<Outcome>(tx, ctx, now, async () => {
        const found = await tx.redeems.lock(ctx.accountId, cmd.id)
        if (!found) throw new DomainError('redeem.not_found', { subject: 'redeem', reason: `no redeem request ${cmd.id}` })
        if (found.status !== 'pending') throw new DomainError('redeem.closed', { subject: 'redeem', reason: `the redeem request was ${found.status}` })
        if (found.expiresAt <= now) throw new DomainError('redeem.expired', { subject: 'redeem', reason: 'the one-time code has expired' })
        if (!secrets.matches(secrets.hash(codeOf(found.seed)), cmd.code)) {
          const cancel = found.attempts + 1 >= REDEEM_MAX_ATTEMPTS
          await tx.redeems.recordAttempt(ctx.accountId, found.id, cancel, now)
          const reason = cancel ? 'wrong one-time code; too many attempts, the request is cancelled' : 'wrong one-time code'
          return { ok: false, reason }
        }
        const entry = await confirmWithin(tx, ctx, found, now)
        return { ok: true, entry, request: { ...found, status: 'redeemed', entryId: entry.entry.id } }
      })
    })
    if (!outcome.ok) throw new DomainError('redeem.invalid_code', { subject: 'otp', reason: outcome.reason })
    return { entry: outcome.entry, request: outcome.request }
  }

  const confirmWithin = async (tx: RedeemServiceTx, ctx: CommandContext, found: RedeemRequest, now: Instant): Promise<EntryView> => {
    const shop = found.shopId === null ? null : await tx.shops.get(ctx.accountId, found.shopId)
    const entry = await ledger.postWithin(
      tx,
      ctx,
      {
        contact: { id: found.contactId },
        type: REDEEM_TYPE,
        code: `redeem-${found.id}`,
        amount: minor(-found.amount),
        shop: shop?.externalId ? { externalId: shop.externalId } : undefined,
        title: 'Redeem',
        metadata: { redeemId: found.id },
      },
      now,
    )
    if (!(await tx.redeems.close(ctx.accountId, found.id, 'redeemed', entry.entry.id, now))) {
      throw new DomainError('redeem.closed', { subject: 'redeem', reason: 'the redeem request was already confirmed' })
    }
    return entry
  }

  return { request, confirm, codeOf }
}
