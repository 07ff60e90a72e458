import type { Contact, Shop } from '../contacts/contacts.js'
import { type CreditReceptionsTx, creditsReceivedWithin } from '../credit-receptions/credit-receptions.js'
import { creditUnit } from '../directory/directory.service.js'
import type { GiftcardService, GiftcardServiceTx } from '../giftcards/giftcards.service.js'
import { contactBalances } from '../ledger/ledger.queries.js'
import { type PortalSession, type PortalSessionEvent, type PortalSessionType, requireLive, requireOpen } from '../portal-sessions/portal-sessions.js'
import type { PortalSessionService, PortalSessionServiceTx } from '../portal-sessions/portal-sessions.service.js'
import { PREPAID_UNIT } from '../prepaid/prepaid.js'
import type { PrepaidService, PrepaidServiceTx } from '../prepaid/prepaid.service.js'
import { type Minor, minor, toDecimalNumber, ZERO } from '../shared/amounts.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext, Idempotency } from '../shared/command.js'
import { DomainError, type Subject } from '../shared/errors.js'
import { type IdempotencyTx, idempotent } from '../shared/idempotency.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { VoucherService, VoucherServiceTx } from '../vouchers/vouchers.service.js'
import { contactByCardWithin, contactByEmailWithin, type KioskContactsTx, registerWithin } from './kiosk-contacts.js'

/** What a kiosk step needs of its transaction: every store of the modules it calls in it. */
export type KioskTx = PortalSessionServiceTx & GiftcardServiceTx & PrepaidServiceTx & VoucherServiceTx & KioskContactsTx & CreditReceptionsTx & IdempotencyTx

export interface KioskDeps {
  readonly uow: UnitOfWork<KioskTx>
  readonly clock: Clock
  /** The services a step calls in its own transaction (their `…Within` use cases), so a step and its session event commit together. */
  readonly portalSessions: PortalSessionService
  readonly giftcards: GiftcardService
  readonly prepaid: PrepaidService
  readonly vouchers: VoucherService
}

/** What the customer's page shows: the session, where it is, who it is for and their balances. */
export interface KioskState {
  readonly session: PortalSession
  readonly shop: Shop
  readonly contact: Contact | null
  readonly email: string | null
  readonly points: Minor
  readonly prepaid: Minor
  readonly events: readonly PortalSessionEvent[]
}

export interface KioskGiftcard {
  readonly hash: string
  readonly balance: Minor
}

export interface KioskVoucher {
  readonly code: string
  readonly name: string
  readonly description: string | null
  readonly expiresAt: Instant | null
}

/** What one step did, beside the session as it stands after it. */
export interface StepResult {
  readonly state: KioskState
  readonly giftcard?: KioskGiftcard
  /** The amount the step moved. */
  readonly amount?: Minor
  /** `redeem_giftcards`: what is still to pay. */
  readonly remaining?: Minor
  /** `credit_reception`: the credits received, once the till has given them. */
  readonly points?: Minor
  readonly voucher?: KioskVoucher
}

/**
 * The customer's side of a portal session. The session's UUID is the only
 * credential: every step is limited to the session's account, shop and
 * contact, runs under the session's row lock (so two taps cannot both pay),
 * and is recorded as a session event in the same transaction. A finished
 * session refuses every step; an expired one refuses everything. Every step
 * takes an idempotency key: a retry answers the first result, also after the
 * session finished.
 */
export interface KioskService {
  /** The session as the page opens it. @throws portal_session.not_found, portal_session.expired */
  view(uuid: string): Promise<KioskState>
  /**
   * Identifies the customer by a scanned or typed card, or by email when the session allows it.
   * @throws portal_session.*, identifier.not_found, identifier.inactive, contact.not_found, validation.invalid, idempotency.key_reused
   */
  identify(uuid: string, input: { identifier: string } | { email: string }, idempotency?: Idempotency): Promise<StepResult>
  /** Registers a new contact by email (and first name) when the session allows it. @throws portal_session.*, contact.exists, validation.invalid, idempotency.key_reused */
  register(uuid: string, input: { email: string; firstName?: string | undefined }, idempotency?: Idempotency): Promise<StepResult>
  /**
   * Collects the credits the till gave this contact at this shop since the
   * session began, records them and finishes the session. Until the till has
   * given any, it answers without `points` and the page asks again.
   * @throws portal_session.*, contact.not_found, validation.invalid, idempotency.key_reused
   */
  receiveCredits(uuid: string, idempotency?: Idempotency): Promise<StepResult>
  /**
   * Pays the session's amount with a giftcard: all of it, or what the card
   * holds when several cards may pay one purchase. The session finishes once
   * the amount is covered.
   * @throws portal_session.*, giftcard.not_found, giftcard.insufficient_balance, giftcard.inactive, giftcard.expired, validation.invalid,
   *         idempotency.key_reused
   */
  redeemGiftcard(uuid: string, hash: string, idempotency?: Idempotency): Promise<StepResult>
  /** A giftcard's balance, before it is topped up. @throws portal_session.*, giftcard.not_found, validation.invalid */
  giftcard(uuid: string, hash: string): Promise<KioskGiftcard>
  /**
   * Tops a giftcard up by the session's amount, or the one the customer chose when the session names none.
   * @throws portal_session.*, giftcard.not_found, giftcard.not_upgradeable, giftcard.max_amount_exceeded, giftcard.inactive, giftcard.expired,
   *         validation.invalid, idempotency.key_reused
   */
  topUpGiftcard(uuid: string, input: { hash: string; amount?: number | undefined }, idempotency?: Idempotency): Promise<StepResult>
  /** Pays from the contact's prepaid balance, which never goes below zero. @throws portal_session.*, prepaid.insufficient_balance, contact.not_found, validation.invalid, idempotency.key_reused */
  payPrepaid(uuid: string, input: { amount?: number | undefined }, idempotency?: Idempotency): Promise<StepResult>
  /** Tops the contact's prepaid balance up. @throws portal_session.*, contact.not_found, validation.invalid, idempotency.key_reused */
  topUpPrepaid(uuid: string, input: { amount?: number | undefined }, idempotency?: Idempotency): Promise<StepResult>
  /** The contact's vouchers that can be redeemed now. @throws portal_session.*, contact.not_found, validation.invalid */
  vouchers(uuid: string): Promise<KioskVoucher[]>
  /**
   * Redeems one of the contact's vouchers (or one that belongs to nobody yet) at the session's shop.
   * @throws portal_session.*, voucher.not_found, voucher.redeemed, voucher.expired, voucher.deactivated, voucher.inactive, voucher.locked,
   *         voucher.limit_reached, contact.not_found, validation.invalid, idempotency.key_reused
   */
  redeemVoucher(uuid: string, code: string, idempotency?: Idempotency): Promise<StepResult>
  /** Ends the session when the customer is done; nothing can be done in it afterwards. @throws portal_session.*, idempotency.key_reused */
  close(uuid: string, idempotency?: Idempotency): Promise<StepResult>
}

/** @throws validation.invalid unless the amount is a positive number of cents */
const positive = (amount: number | undefined, subject: Subject): Minor => {
  if (amount === undefined || !Number.isSafeInteger(amount) || amount <= 0)
    throw new DomainError('validation.invalid', { subject, reason: 'must be a positive number of cents' })
  return minor(amount)
}

/** @throws portal_session.not_found */
const find = async (tx: KioskTx, uuid: string): Promise<PortalSession> => {
  const session = await tx.portalSessions.findByCapability(uuid)
  if (!session) throw new DomainError('portal_session.not_found', { subject: 'portalSession', reason: 'no such portal session' })
  return session
}

/** @throws validation.invalid */
const requireType = (session: PortalSession, ...types: PortalSessionType[]): void => {
  if (!types.includes(session.type))
    throw new DomainError('validation.invalid', { subject: 'portalSession', reason: `not a step of a ${session.type} session` })
}

/** @throws contact.not_found */
const requireContact = async (tx: KioskTx, session: PortalSession): Promise<Contact> => {
  const contact = session.contactId === null ? null : await tx.contacts.get(session.accountId, session.contactId)
  if (!contact) throw new DomainError('contact.not_found', { subject: 'contact', reason: 'identify the contact first' })
  return contact
}

const stateOf = async (tx: KioskTx, session: PortalSession): Promise<KioskState> => {
  const shop = await tx.shops.get(session.accountId, session.shopId)
  if (!shop) throw new Error(`shop ${session.shopId} of portal session ${session.uuid} is missing`)
  const events = await tx.portalSessions.events(session.accountId, session.id)
  const contact = session.contactId === null ? null : await tx.contacts.get(session.accountId, session.contactId)
  if (!contact) return { session, shop, contact: null, email: null, points: ZERO, prepaid: ZERO, events }
  const balances = await contactBalances(tx, session.accountId, contact.id)
  const points = balances.of(creditUnit(balances.all.map((b) => b.unit)).name)
  const email = await tx.contacts.identifierOf(session.accountId, contact.id, 'email')
  return { session, shop, contact, email, points, prepaid: balances.of(PREPAID_UNIT.name), events }
}

const paidWithGiftcards = (events: readonly PortalSessionEvent[]): number =>
  events.filter((e) => e.type === 'giftcard_redeemed').reduce((sum, e) => sum + Number(e.data.amount_in_cents ?? 0), 0)

export const createKioskService = ({ uow, clock, portalSessions, giftcards, prepaid, vouchers }: KioskDeps): KioskService => {
  /** Records a step as a session event (and an outbox event with the session's shop), in the step's transaction. */
  const record = async (tx: KioskTx, session: PortalSession, type: string, data: Record<string, unknown>, now: Instant): Promise<void> => {
    await portalSessions.recordEventWithin(tx, session.uuid, type, data, now)
  }

  const finish = async (tx: KioskTx, session: PortalSession, now: Instant): Promise<PortalSession> =>
    (await portalSessions.finishWithin(tx, session.uuid, now)).session

  type StepWork<T> = (tx: KioskTx, session: PortalSession, ctx: CommandContext, now: Instant) => Promise<T>

  /**
   * Runs one step: finds the session by its capability, locks it, replays a
   * retried request (same idempotency key) or checks the session may still
   * act and does the work, all in one transaction.
   * @throws portal_session.not_found, portal_session.expired, portal_session.finished, idempotency.key_reused
   */
  const step = <T>(uuid: string, idempotency: Idempotency | undefined, work: StepWork<T>): Promise<T> =>
    uow.run(async (tx) => {
      const now = clock.now()
      const found = await find(tx, uuid)
      const session = (await tx.portalSessions.lock(found.accountId, found.id)) ?? found
      const ctx: CommandContext = { accountId: session.accountId, idempotency, channel: 'pos' }
      return idempotent(tx, ctx, now, async () => {
        requireLive(session, now)
        requireOpen(session)
        // What the step calls gets no idempotency key of its own: this step's key covers all of it.
        return work(tx, session, { accountId: session.accountId, channel: 'pos' }, now)
      })
    })

  /** A read of a session that may still act. @throws portal_session.not_found, portal_session.expired, portal_session.finished, validation.invalid */
  const read = <T>(uuid: string, type: PortalSessionType, work: (tx: KioskTx, session: PortalSession, now: Instant) => Promise<T>): Promise<T> =>
    uow.read(async (tx) => {
      const now = clock.now()
      const session = await find(tx, uuid)
      requireLive(session, now)
      requireOpen(session)
      requireType(session, type)
      return work(tx, session, now)
    })

  const identified = async (tx: KioskTx, session: PortalSession, contact: Contact, now: Instant): Promise<StepResult> => {
    if (session.contactId !== null && session.contactId !== contact.id) {
      throw new DomainError('validation.invalid', { subject: 'contact', reason: 'the session is for another contact' })
    }
    const done = await portalSessions.identifyWithin(tx, session.uuid, contact.uuid, now)
    return { state: await stateOf(tx, done.session) }
  }

  const identify = (uuid: string, input: { identifier: string } | { email: string }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, _ctx, now) => {
      if ('email' in input) {
        if (!session.options.enableEmailIdentification)
          throw new DomainError('validation.invalid', { subject: 'email', reason: 'this session does not identify by email' })
        return identified(tx, session, await contactByEmailWithin(tx, session.accountId, input.email), now)
      }
      const contact = await contactByCardWithin(tx, session.accountId, input.identifier)
      if (!contact) throw new DomainError('contact.not_found', { subject: 'identifier', reason: 'the card belongs to no contact' })
      return identified(tx, session, contact, now)
    })

  const register = (uuid: string, input: { email: string; firstName?: string | undefined }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now) => {
      if (!session.options.enableRegistration)
        throw new DomainError('validation.invalid', { subject: 'email', reason: 'this session does not register contacts' })
      if (session.contactId !== null) throw new DomainError('validation.invalid', { subject: 'email', reason: 'the session already has a contact' })
      const registered = await registerWithin(tx, ctx, { email: input.email }, now)
      const name = input.firstName?.trim()
      const contact = name ? await tx.contacts.update(session.accountId, registered.id, { name }, now) : registered
      await record(tx, session, 'contact_registered', { contact_uuid: contact.uuid }, now)
      return identified(tx, session, contact, now)
    })

  const receiveCredits = (uuid: string, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, _ctx, now) => {
      requireType(session, 'credit_reception')
      const contact = await requireContact(tx, session)
      const received = await creditsReceivedWithin(tx, session.accountId, { contactId: contact.id, shopId: session.shopId, since: session.createdAt })
      if (received.length === 0) return { state: await stateOf(tx, session) }
      const points = minor(received.reduce((sum, r) => sum + r.amount, 0))
      // Session events show whole credits, as Leat's portal session and the page read them.
      await record(tx, session, 'credits_received', { credit_reception_uuids: received.map((r) => r.uuid), credits: toDecimalNumber(points) }, now)
      return { state: await stateOf(tx, await finish(tx, session, now)), points }
    })

  const redeemGiftcard = (uuid: string, hash: string, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now) => {
      requireType(session, 'redeem_giftcards')
      const total = session.options.amountInCents ?? 0
      const remaining = total - paidWithGiftcards(await tx.portalSessions.events(session.accountId, session.id))
      const card = await giftcards.getWithin(tx, session.accountId, { hash })
      const several = session.options.allowMultipleGiftcards ?? true
      if (card.balance <= 0 || (!several && card.balance < remaining)) {
        throw new DomainError('giftcard.insufficient_balance', { subject: 'hash', reason: `the card holds ${card.balance} cents` })
      }
      const amount = minor(Math.min(card.balance, remaining))
      const paid = await giftcards.redeemWithin(tx, ctx, { hash, amount, shop: { id: session.shopId } }, now)
      const left = minor(remaining - amount)
      await record(
        tx,
        session,
        'giftcard_redeemed',
        {
          giftcard_uuid: paid.card.uuid,
          giftcard_transaction_uuid: paid.transaction.uuid,
          giftcard_hash_ending: hash.slice(-4),
          amount_in_cents: amount,
          remaining_in_cents: left,
        },
        now,
      )
      const after = left === 0 ? await finish(tx, session, now) : session
      return { state: await stateOf(tx, after), giftcard: { hash, balance: paid.balance }, amount, remaining: left }
    })

  const giftcard = (uuid: string, hash: string): Promise<KioskGiftcard> =>
    read(uuid, 'top_up_giftcards', async (tx, session) => ({ hash, balance: (await giftcards.getWithin(tx, session.accountId, { hash })).balance }))

  const topUpGiftcard = (uuid: string, input: { hash: string; amount?: number | undefined }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now) => {
      requireType(session, 'top_up_giftcards')
      const amount = positive(session.options.amountInCents ?? input.amount, 'amount')
      const done = await giftcards.topUpWithin(tx, ctx, { hash: input.hash, amount, shop: { id: session.shopId } }, now)
      await record(
        tx,
        session,
        'giftcard_topped_up',
        {
          giftcard_uuid: done.card.uuid,
          giftcard_transaction_uuid: done.transaction.uuid,
          giftcard_hash_ending: input.hash.slice(-4),
          amount_in_cents: amount,
        },
        now,
      )
      return { state: await stateOf(tx, await finish(tx, session, now)), giftcard: { hash: input.hash, balance: done.balance }, amount }
    })

  const payPrepaid = (uuid: string, input: { amount?: number | undefined }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now) => {
      requireType(session, 'pay_prepaid')
      const contact = await requireContact(tx, session)
      const amount = positive(session.options.amountInCents ?? input.amount, 'amount')
      const paid = await prepaid.payWithin(tx, ctx, { contact: { id: contact.id }, amount, shop: { id: session.shopId } }, now)
      await record(tx, session, 'prepaid_paid', { prepaid_transaction_uuid: paid.transaction.uuid, amount_in_cents: amount }, now)
      return { state: await stateOf(tx, await finish(tx, session, now)), amount }
    })

  const topUpPrepaid = (uuid: string, input: { amount?: number | undefined }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now) => {
      requireType(session, 'top_up_prepaid')
      const contact = await requireContact(tx, session)
      const amount = positive(session.options.amountInCents ?? input.amount, 'amount')
      const done = await prepaid.topUpWithin(tx, ctx, { contact: { id: contact.id }, amount, shop: { id: session.shopId } }, now)
      await record(tx, session, 'prepaid_topped_up', { prepaid_transaction_uuid: done.transaction.uuid, amount_in_cents: amount }, now)
      return { state: await stateOf(tx, await finish(tx, session, now)), amount }
    })

  const redeemableVouchers = (uuid: string): Promise<KioskVoucher[]> =>
    read(uuid, 'vouchers', async (tx, session, now) => {
      const contact = await requireContact(tx, session)
      const found = await vouchers.redeemableWithin(tx, session.accountId, { id: contact.id }, now)
      return found.map((v) => ({ code: v.voucher.code, name: v.promotion.name, description: v.promotion.description || null, expiresAt: v.voucher.expiresAt }))
    })

  const redeemVoucher = (uuid: string, code: string, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now) => {
      requireType(session, 'vouchers')
      const contact = await requireContact(tx, session)
      const done = await vouchers.redeemWithin(tx, ctx, { voucher: { code }, contact: { id: contact.id }, shop: { id: session.shopId } }, now)
      const view = done.voucher
      await record(tx, session, 'voucher_redeemed', { voucher_uuid: view.voucher.uuid, promotion_uuid: view.promotion.uuid }, now)
      const voucher: KioskVoucher = { code, name: view.promotion.name, description: view.promotion.description || null, expiresAt: view.voucher.expiresAt }
      return { state: await stateOf(tx, await finish(tx, session, now)), voucher }
    })

  return {
    view: (uuid) =>
      uow.read(async (tx) => {
        const session = await find(tx, uuid)
        requireLive(session, clock.now())
        return stateOf(tx, session)
      }),
    identify,
    register,
    receiveCredits,
    redeemGiftcard,
    giftcard,
    topUpGiftcard,
    payPrepaid,
    topUpPrepaid,
    vouchers: redeemableVouchers,
    redeemVoucher,
    close: (uuid, idempotency) => step(uuid, idempotency, async (tx, session, _ctx, now) => ({ state: await stateOf(tx, await finish(tx, session, now)) })),
  }
}
