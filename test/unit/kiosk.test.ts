import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PortalSessionType } from '../../src/domain/portal-sessions/portal-sessions.js'
import { minor } from '../../src/domain/shared/amounts.js'
import type { Idempotency } from '../../src/domain/shared/command.js'
import { type LeatServices, leatServices } from './leat-services.js'

describe('kiosk steps', () => {
  let s: LeatServices
  let keys = 0

  beforeAll(async () => {
    s = await leatServices()
  })
  afterAll(() => s.close())

  const open = async (type: PortalSessionType, options: { amountInCents?: number; allowMultipleGiftcards?: boolean } = {}) =>
    (await s.portalSessions.create(s.ctx, { type, shopUuid: s.shop.uuid, options })).session.uuid
  const key = (body: string): Idempotency => ({ scope: 'kiosk test', key: `key-${++keys}`, fingerprint: body })
  const eventsOf = async (uuid: string) => (await s.portalSessions.getByCapability(uuid)).events.map((e) => e.type)
  const prepaidOf = (contactId: number) => s.prepaid.balance(s.accountId, { id: contactId })

  const giftcard = async (balance: number) => {
    const program = await s.giftcards.createProgram(s.ctx, {
      name: 'Gift',
      active: true,
      upgradeable: true,
      expirationDays: null,
      maxAmount: null,
      minAmount: null,
    })
    const card = await s.giftcards.create(s.ctx, { type: 'DIGITAL', programUuid: program.uuid })
    await s.giftcards.topUp(s.ctx, { hash: card.card.hash, amount: minor(balance), shop: { id: s.shop.id } })
    return card.card.hash
  }

  it('identifies the customer by card, then pays from the prepaid balance and finishes', async () => {
    const contact = await s.newContact()
    await s.prepaid.topUp(s.ctx, { contact: { id: contact.id }, amount: minor(5000), shop: { id: s.shop.id } })
    const uuid = await open('pay_prepaid')

    const identified = await s.kiosk.identify(uuid, { identifier: contact.card })
    expect(identified.state).toMatchObject({ contact: { uuid: contact.uuid }, email: expect.stringMatching(/@example.com$/), prepaid: 5000, points: 0 })

    const paid = await s.kiosk.payPrepaid(uuid, { amount: 1500 })
    expect(paid.amount).toBe(1500)
    expect(paid.state.prepaid).toBe(3500)
    expect(paid.state.session.finishedAt).toBe(s.clock.now())
    expect(await prepaidOf(contact.id)).toBe(3500)
    expect(await eventsOf(uuid)).toEqual(['contact_identified', 'prepaid_paid', 'finished'])
  })

  it('refuses a payment the prepaid balance does not cover, and the session stays open', async () => {
    const contact = await s.newContact()
    await s.prepaid.topUp(s.ctx, { contact: { id: contact.id }, amount: minor(1000), shop: { id: s.shop.id } })
    const uuid = await open('pay_prepaid')
    await s.kiosk.identify(uuid, { identifier: contact.card })
    await expect(s.kiosk.payPrepaid(uuid, { amount: 1001 })).rejects.toMatchObject({ code: 'prepaid.insufficient_balance', detail: { subject: 'amount' } })
    expect(await prepaidOf(contact.id)).toBe(1000)
    expect(await eventsOf(uuid)).toEqual(['contact_identified'])
    expect((await s.kiosk.payPrepaid(uuid, { amount: 1000 })).state.prepaid).toBe(0)
  })

  it('pays a purchase with two giftcards, finishing once it is covered', async () => {
    const [first, second] = [await giftcard(3000), await giftcard(3000)]
    const uuid = await open('redeem_giftcards', { amountInCents: 4000 })

    const one = await s.kiosk.redeemGiftcard(uuid, first)
    expect(one).toMatchObject({ amount: 3000, remaining: 1000, giftcard: { hash: first, balance: 0 } })
    expect(one.state.session.finishedAt).toBeNull()
    await expect(s.kiosk.redeemGiftcard(uuid, first)).rejects.toMatchObject({ code: 'giftcard.insufficient_balance', detail: { subject: 'hash' } })

    const two = await s.kiosk.redeemGiftcard(uuid, second)
    expect(two).toMatchObject({ amount: 1000, remaining: 0, giftcard: { hash: second, balance: 2000 } })
    expect(two.state.session.finishedAt).not.toBeNull()
    expect(await eventsOf(uuid)).toEqual(['giftcard_redeemed', 'giftcard_redeemed', 'finished'])
  })

  it('answers a replayed step with its first result and changes nothing, also after the session finished', async () => {
    const contact = await s.newContact()
    await s.prepaid.topUp(s.ctx, { contact: { id: contact.id }, amount: minor(5000), shop: { id: s.shop.id } })
    const uuid = await open('pay_prepaid')
    await s.kiosk.identify(uuid, { identifier: contact.card })

    const retried = key('{"amount_in_cents":1200}')
    const first = await s.kiosk.payPrepaid(uuid, { amount: 1200 }, retried)
    s.clock.advance(1000)
    expect(await s.kiosk.payPrepaid(uuid, { amount: 1200 }, retried)).toEqual(first)
    expect(await prepaidOf(contact.id)).toBe(3800)
    await expect(s.kiosk.payPrepaid(uuid, { amount: 1300 }, { ...retried, fingerprint: 'another body' })).rejects.toMatchObject({
      code: 'idempotency.key_reused',
    })
  })

  it('refuses every step of a finished session', async () => {
    const contact = await s.newContact()
    const uuid = await open('top_up_prepaid')
    await s.kiosk.identify(uuid, { identifier: contact.card })
    await s.kiosk.topUpPrepaid(uuid, { amount: 700 }, key('{"amount_in_cents":700}'))

    const finished = { code: 'portal_session.finished', detail: { subject: 'portalSession' } }
    await expect(s.kiosk.topUpPrepaid(uuid, { amount: 700 }, key('{"amount_in_cents":700}'))).rejects.toMatchObject(finished)
    await expect(s.kiosk.topUpPrepaid(uuid, { amount: 700 })).rejects.toMatchObject(finished)
    await expect(s.kiosk.identify(uuid, { identifier: contact.card })).rejects.toMatchObject(finished)
    await expect(s.kiosk.close(uuid)).rejects.toMatchObject(finished)
    expect(await prepaidOf(contact.id)).toBe(700)
    // The page can still show what happened.
    expect((await s.kiosk.view(uuid)).session.finishedAt).not.toBeNull()
  })

  it('refuses a card nobody holds and a step of another kind of session', async () => {
    const uuid = await open('pay_prepaid')
    await expect(s.kiosk.identify(uuid, { identifier: 'NO-SUCH-CARD' })).rejects.toMatchObject({
      code: 'identifier.not_found',
      detail: { subject: 'identifier' },
    })
    await expect(s.kiosk.payPrepaid(uuid, { amount: 100 })).rejects.toMatchObject({ code: 'contact.not_found', detail: { subject: 'contact' } })
    await expect(s.kiosk.redeemGiftcard(uuid, 'ANY')).rejects.toMatchObject({ code: 'validation.invalid', detail: { subject: 'portalSession' } })
    expect(await eventsOf(uuid)).toEqual([])
  })

  it('collects the credits the till gave since the session began', async () => {
    const contact = await s.newContact()
    const uuid = await open('credit_reception')
    await s.kiosk.identify(uuid, { identifier: contact.card })
    expect((await s.kiosk.receiveCredits(uuid)).points).toBeUndefined()

    await s.creditReceptions.create(s.ctx, { shopUuid: s.shop.uuid, contactUuid: contact.uuid, amount: minor(2500) })
    const received = await s.kiosk.receiveCredits(uuid)
    expect(received).toMatchObject({ points: 2500, state: { points: 2500 } })
    const [, event] = (await s.portalSessions.getByCapability(uuid)).events
    expect(event).toMatchObject({ type: 'credits_received', data: { credits: 25 } })
  })
})
