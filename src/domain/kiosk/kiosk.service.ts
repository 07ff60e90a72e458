import type { Contact, Shop } from '../contacts/contacts.js'
import { type ContactDirectory, contactCard } from '../contacts/directory.service.js'
import type { IdentifierService } from '../contacts/identifiers.service.js'
import type { GiftcardService } from '../giftcards/giftcards.service.js'
import type { LegacyUnitOfWork, Tx } from '../legacy-tx.js'
import type { PortalSession, PortalSessionEvent, PortalSessionType } from '../portal-sessions/portal-sessions.js'
import { isExpired, type PortalSessionService } from '../portal-sessions/portal-sessions.service.js'
import type { PrepaidService } from '../prepaid/prepaid.service.js'
import { type Minor, minor, ZERO } from '../shared/amounts.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext, Idempotency } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import { idempotent } from '../shared/idempotency.js'
import type { VoucherService } from '../vouchers/vouchers.service.js'

/** The domain services a kiosk step calls. */
export interface KioskServices {
  readonly portalSessions: PortalSessionService
  readonly identifiers: IdentifierService
  readonly directory: ContactDirectory
  readonly giftcards: GiftcardService
  readonly prepaid: PrepaidService
  readonly vouchers: VoucherService
}

export interface KioskDeps {
  readonly uow: LegacyUnitOfWork
  readonly clock: Clock
  /**
   * The domain services, bound to the unit of work they are handed. A step
   * hands them its own transaction, so that what the step does and the
   * session event that records it commit together or not at all.
   */
  readonly services: (uow: LegacyUnitOfWork) => KioskServices
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
  readonly points?: number
  readonly voucher?: KioskVoucher
}

export type KioskService = ReturnType<typeof createKioskService>

/** A unit of work that runs everything in a transaction already open. */
const within = (tx: Tx): LegacyUnitOfWork => ({ run: (work) => work(tx), read: (work) => work(tx) })

const PREPAID_UNIT_NAME = 'PREPAID'

const positive = (amount: number | undefined, field: string): Minor => {
  if (amount === undefined || !Number.isSafeInteger(amount) || amount <= 0)
    throw new DomainError('validation.invalid', { field, reason: 'must be a positive number of cents' })
  return minor(amount)
}

/**
 * The customer's side of a portal session. The session's UUID is the only
 * credential: every step is limited to the session's account, shop and
 * contact, runs under the session's row lock (so two taps cannot both pay),
 * and is recorded as a session event in the same transaction. A finished
 * session refuses every step; an expired one refuses everything.
 */
export const createKioskService = ({ uow, clock, services }: KioskDeps) => {
  /** @throws portal_session.not_found */
  const find = async (tx: Tx, uuid: string): Promise<PortalSession> => {
    const session = await tx.portalSessions.findByCapability(uuid)
    if (!session) throw new DomainError('portal_session.not_found', { field: 'uuid', reason: 'no such portal session' })
    return session
  }

  /** @throws portal_session.expired */
  const requireLive = (session: PortalSession, now: Instant): void => {
    if (isExpired(session, now)) throw new DomainError('portal_session.expired', { field: 'uuid', reason: 'the portal session has expired' })
  }

  /** @throws portal_session.finished */
  const requireOpen = (session: PortalSession): void => {
    if (session.finishedAt !== null) throw new DomainError('portal_session.finished', { field: 'uuid', reason: 'the portal session is finished' })
  }

  /** @throws validation.invalid */
  const requireType = (session: PortalSession, ...types: PortalSessionType[]): void => {
    if (!types.includes(session.type)) throw new DomainError('validation.invalid', { field: 'uuid', reason: `not a step of a ${session.type} session` })
  }

  /** @throws contact.not_found */
  const requireContact = async (tx: Tx, session: PortalSession): Promise<Contact> => {
    const contact = session.contactId === null ? null : await tx.contacts.get(session.accountId, session.contactId)
    if (!contact) throw new DomainError('contact.not_found', { field: 'contact', reason: 'identify the contact first' })
    return contact
  }

  const stateOf = async (tx: Tx, session: PortalSession): Promise<KioskState> => {
    const shop = await tx.shops.get(session.accountId, session.shopId)
    if (!shop) throw new Error(`shop ${session.shopId} of portal session ${session.uuid} is missing`)
    const events = await tx.portalSessions.events(session.accountId, session.id)
    const contact = session.contactId === null ? null : await tx.contacts.get(session.accountId, session.contactId)
    if (!contact) return { session, shop, contact: null, email: null, points: ZERO, prepaid: ZERO, events }
    const card = await contactCard(tx, contact)
    const prepaidUnit = (await tx.units.list(session.accountId)).find((u) => u.name === PREPAID_UNIT_NAME)
    const prepaidWallet = prepaidUnit ? (await tx.ledger.walletsOf(session.accountId, contact.id)).find((w) => w.unitId === prepaidUnit.id) : undefined
    return { session, shop, contact, email: card.email, points: card.credits.balance, prepaid: prepaidWallet?.balance ?? ZERO, events }
  }

  /** Records a step as a session event (and an outbox event with the session's shop), in the step's transaction. */
  const record = async (tx: Tx, session: PortalSession, type: string, data: Record<string, unknown>, now: Instant): Promise<void> => {
    await services(within(tx)).portalSessions.recordEventIn(tx, session.uuid, type, data, now)
  }

  const finish = async (tx: Tx, session: PortalSession): Promise<PortalSession> => {
    const done = await services(within(tx)).portalSessions.finish(session.uuid)
    return done.session
  }

  type StepWork<T> = (tx: Tx, session: PortalSession, ctx: CommandContext, now: Instant, s: KioskServices) => Promise<T>

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
        // The services get no idempotency key of their own: this step's key covers all they do.
        return work(tx, session, { accountId: session.accountId, channel: 'pos' }, now, services(within(tx)))
      })
    })

  /** The session as the page opens it. @throws portal_session.not_found, portal_session.expired */
  const view = (uuid: string): Promise<KioskState> =>
    uow.read(async (tx) => {
      const session = await find(tx, uuid)
      requireLive(session, clock.now())
      return stateOf(tx, session)
    })

  const identified = async (tx: Tx, session: PortalSession, contact: Contact, s: KioskServices): Promise<StepResult> => {
    if (session.contactId !== null && session.contactId !== contact.id) {
      throw new DomainError('validation.invalid', { field: 'contact', reason: 'the session is for another contact' })
    }
    const done = await s.portalSessions.identify(session.uuid, contact.uuid)
    return { state: await stateOf(tx, done.session) }
  }

  /**
   * Identifies the customer by a scanned or typed card, or by email when the session allows it.
   * @throws identifier.not_found, identifier.inactive, contact.not_found, validation.invalid
   */
  const identify = (uuid: string, input: { identifier: string } | { email: string }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, _ctx, _now, s) => {
      if ('email' in input) {
        if (!session.options.enableEmailIdentification)
          throw new DomainError('validation.invalid', { field: 'email', reason: 'this session does not identify by email' })
        const card = await s.directory.findByEmail(session.accountId, input.email)
        return identified(tx, session, card.contact, s)
      }
      const found = await s.identifiers.find(session.accountId, input.identifier)
      if (!found.contact) throw new DomainError('contact.not_found', { field: 'identifier', reason: 'the card belongs to no contact' })
      return identified(tx, session, found.contact.contact, s)
    })

  /**
   * Registers a new contact by email (and first name) when the session allows it.
   * @throws contact.exists, validation.invalid
   */
  const register = (uuid: string, input: { email: string; firstName?: string | undefined }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now, s) => {
      if (!session.options.enableRegistration)
        throw new DomainError('validation.invalid', { field: 'email', reason: 'this session does not register contacts' })
      if (session.contactId !== null) throw new DomainError('validation.invalid', { field: 'email', reason: 'the session already has a contact' })
      const card = await s.directory.create(ctx, { email: input.email })
      const name = input.firstName?.trim()
      const contact = name ? await tx.contacts.update(session.accountId, card.contact.id, { name }, now) : card.contact
      await record(tx, session, 'contact_registered', { contact_uuid: contact.uuid }, now)
      return identified(tx, session, contact, s)
    })

  /**
   * Collects the credits the till gave this contact at this shop since the
   * session began, records them and finishes the session. Until the till has
   * given any, it answers without `points` and the page asks again.
   * @throws contact.not_found, validation.invalid
   */
  const receiveCredits = (uuid: string, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, _ctx, now) => {
      requireType(session, 'credit_reception')
      const contact = await requireContact(tx, session)
      const recent = await tx.creditReceptions.list(session.accountId, { contactId: contact.id, shopId: session.shopId }, { page: 1, perPage: 50 })
      const received = recent.items.filter((r) => r.createdAt >= session.createdAt && r.reversesId === null && r.credits > 0)
      if (received.length === 0) return { state: await stateOf(tx, session) }
      const points = received.reduce((sum, r) => sum + r.credits, 0)
      await record(tx, session, 'credits_received', { credit_reception_uuids: received.map((r) => r.uuid), credits: points }, now)
      return { state: await stateOf(tx, await finish(tx, session)), points }
    })

  const paidWithGiftcards = (events: readonly PortalSessionEvent[]): number =>
    events.filter((e) => e.type === 'giftcard_redeemed').reduce((sum, e) => sum + Number(e.data.amount_in_cents ?? 0), 0)

  /**
   * Pays the session's amount with a giftcard: all of it, or what the card
   * holds when several cards may pay one purchase. The session finishes once
   * the amount is covered.
   * @throws giftcard.not_found, giftcard.insufficient_balance, giftcard.inactive, giftcard.expired, validation.invalid
   */
  const redeemGiftcard = (uuid: string, hash: string, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now, s) => {
      requireType(session, 'redeem_giftcards')
      const total = session.options.amountInCents ?? 0
      const remaining = total - paidWithGiftcards(await tx.portalSessions.events(session.accountId, session.id))
      const card = await s.giftcards.get(session.accountId, { hash })
      const several = session.options.allowMultipleGiftcards ?? true
      if (card.balance <= 0 || (!several && card.balance < remaining)) {
        throw new DomainError('giftcard.insufficient_balance', { field: 'hash', reason: `the card holds ${card.balance} cents` })
      }
      const amount = minor(Math.min(card.balance, remaining))
      const paid = await s.giftcards.redeem(ctx, { hash, amount, shop: { id: session.shopId } })
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
      const after = left === 0 ? await finish(tx, session) : session
      return { state: await stateOf(tx, after), giftcard: { hash, balance: paid.balance }, amount, remaining: left }
    })

  /** A giftcard's balance, before it is topped up. @throws giftcard.not_found, portal_session.* */
  const giftcard = (uuid: string, hash: string): Promise<KioskGiftcard> =>
    uow.read(async (tx) => {
      const now = clock.now()
      const session = await find(tx, uuid)
      requireLive(session, now)
      requireOpen(session)
      requireType(session, 'top_up_giftcards')
      const card = await services(within(tx)).giftcards.get(session.accountId, { hash })
      return { hash, balance: card.balance }
    })

  /**
   * Tops a giftcard up by the session's amount, or the one the customer chose when the session names none.
   * @throws giftcard.not_found, giftcard.not_upgradeable, giftcard.max_amount_exceeded, giftcard.inactive, giftcard.expired, validation.invalid
   */
  const topUpGiftcard = (uuid: string, input: { hash: string; amount?: number | undefined }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now, s) => {
      requireType(session, 'top_up_giftcards')
      const amount = positive(session.options.amountInCents ?? input.amount, 'amount_in_cents')
      const done = await s.giftcards.topUp(ctx, { hash: input.hash, amount, shop: { id: session.shopId } })
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
      return { state: await stateOf(tx, await finish(tx, session)), giftcard: { hash: input.hash, balance: done.balance }, amount }
    })

  /**
   * Pays from the contact's prepaid balance, which never goes below zero.
   * @throws prepaid.insufficient_balance, contact.not_found, validation.invalid
   */
  const payPrepaid = (uuid: string, input: { amount?: number | undefined }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now, s) => {
      requireType(session, 'pay_prepaid')
      const contact = await requireContact(tx, session)
      const amount = positive(session.options.amountInCents ?? input.amount, 'amount_in_cents')
      const paid = await s.prepaid.pay(ctx, { contact: { id: contact.id }, amount, shop: { id: session.shopId } })
      await record(tx, session, 'prepaid_paid', { prepaid_transaction_uuid: paid.transaction.uuid, amount_in_cents: amount }, now)
      return { state: await stateOf(tx, await finish(tx, session)), amount }
    })

  /** @throws contact.not_found, validation.invalid */
  const topUpPrepaid = (uuid: string, input: { amount?: number | undefined }, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now, s) => {
      requireType(session, 'top_up_prepaid')
      const contact = await requireContact(tx, session)
      const amount = positive(session.options.amountInCents ?? input.amount, 'amount_in_cents')
      const done = await s.prepaid.topUp(ctx, { contact: { id: contact.id }, amount, shop: { id: session.shopId } })
      await record(tx, session, 'prepaid_topped_up', { prepaid_transaction_uuid: done.transaction.uuid, amount_in_cents: amount }, now)
      return { state: await stateOf(tx, await finish(tx, session)), amount }
    })

  /** The contact's vouchers that can be redeemed now. @throws contact.not_found, portal_session.* */
  const vouchers = (uuid: string): Promise<KioskVoucher[]> =>
    uow.read(async (tx) => {
      const session = await find(tx, uuid)
      requireLive(session, clock.now())
      requireOpen(session)
      requireType(session, 'vouchers')
      const contact = await requireContact(tx, session)
      const found = await services(within(tx)).vouchers.redeemableOf(session.accountId, { id: contact.id })
      return found.map((v) => ({ code: v.voucher.code, name: v.promotion.name, description: v.promotion.description || null, expiresAt: v.voucher.expiresAt }))
    })

  /**
   * Redeems one of the contact's vouchers (or one that belongs to nobody yet) at the session's shop.
   * @throws voucher.not_found, voucher.redeemed, voucher.expired, voucher.deactivated, voucher.inactive, voucher.locked, validation.invalid
   */
  const redeemVoucher = (uuid: string, code: string, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session, ctx, now, s) => {
      requireType(session, 'vouchers')
      const contact = await requireContact(tx, session)
      const done = await s.vouchers.redeem(ctx, { voucher: { code }, contact: { id: contact.id }, shop: { id: session.shopId } })
      const view = done.voucher
      await record(tx, session, 'voucher_redeemed', { voucher_uuid: view.voucher.uuid, promotion_uuid: view.promotion.uuid }, now)
      const voucher: KioskVoucher = { code, name: view.promotion.name, description: view.promotion.description || null, expiresAt: view.voucher.expiresAt }
      return { state: await stateOf(tx, await finish(tx, session)), voucher }
    })

  /** Ends the session when the customer is done; nothing can be done in it afterwards. */
  const close = (uuid: string, idempotency?: Idempotency): Promise<StepResult> =>
    step(uuid, idempotency, async (tx, session) => ({ state: await stateOf(tx, await finish(tx, session)) }))

  return {
    view,
    identify,
    register,
    receiveCredits,
    redeemGiftcard,
    giftcard,
    topUpGiftcard,
    payPrepaid,
    topUpPrepaid,
    vouchers,
    redeemVoucher,
    close,
  }
}
