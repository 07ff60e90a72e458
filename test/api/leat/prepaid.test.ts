import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Contact, Shop } from '../../../src/domain/contacts/contacts.js'
import { minor } from '../../../src/domain/shared/amounts.js'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createContact, ledgerIsConsistent } from './money-support.js'
import { createShop, dataOf, encodings, errorOf, LEAT_DATE, leat, newLeatClient } from './support.js'

describe.each(databaseKinds())('Leat prepaid transactions (%s)', (kind) => {
  let t: TestApp
  let token: string
  let accountId: number
  let shop: Shop
  let contacts = 0

  beforeAll(async () => {
    t = await createTestApp(kind)
    const client = await newLeatClient(t)
    token = client.token
    accountId = client.accountId
    shop = await createShop(t, accountId, 'Amsterdam Pop-up Store', 'AMS-1')
  })
  afterAll(() => t.close())

  const newContact = (card?: { value: string; active?: boolean }) => createContact(t, accountId, `john${++contacts}@doe.com`, card)
  const pay = (contact: Contact, amount_in_cents: number, headers?: Record<string, string>) =>
    leat(t.app, 'POST', '/prepaid-transactions', {
      token,
      body: { contact_uuid: contact.uuid, amount_in_cents, shop_uuid: shop.uuid },
      ...(headers ? { headers } : {}),
    })
  const balanceOf = async (contact: Contact) =>
    dataOf<{ balance_in_cents: number }>(await leat(t.app, 'GET', `/contacts/${contact.uuid}/prepaid-balance`, { token })).balance_in_cents

  describe.each(encodings)('creating prepaid transactions ($name)', ({ form }) => {
    it('tops up and pays by contact UUID, answering the balance after each', async () => {
      const contact = await newContact()
      const up = await leat(t.app, 'POST', '/prepaid-transactions', {
        token,
        form,
        body: { contact_uuid: contact.uuid, amount_in_cents: 5_000, shop_uuid: shop.uuid },
      })
      expect(up.status).toBe(200)
      expect(up.body.meta).toEqual([])
      const down = await leat(t.app, 'POST', '/prepaid-transactions', {
        token,
        form,
        body: { contact_uuid: contact.uuid, amount_in_cents: -1_000, shop_uuid: shop.uuid },
      })
      const data = dataOf<Record<string, unknown>>(down)
      expect(data).toMatchObject({
        amount_in_cents: -1_000,
        prepaid_balance: { balance_in_cents: 4_000, balance: '€40.00' },
        shop: { id: shop.id, uuid: shop.uuid, reference: 'AMS-1', name: 'Amsterdam Pop-up Store' },
        contact_identifier: null,
      })
      expect(data.created_at).toMatch(LEAT_DATE)
      expect(await balanceOf(contact)).toBe(4_000)
    })

    it('pays by contact identifier value and shows the identifier used', async () => {
      const card = `card-${contacts}-${form}`
      const contact = await newContact({ value: card })
      await pay(contact, 2_000)
      const res = await leat(t.app, 'POST', '/prepaid-transactions', {
        token,
        form,
        body: { contact_identifier_value: card, amount_in_cents: -500, shop_uuid: shop.uuid },
      })
      expect(dataOf(res)).toMatchObject({
        amount_in_cents: -500,
        prepaid_balance: { balance_in_cents: 1_500 },
        contact_identifier: { name: 'Loyalty Card', value: card, active: true },
      })
    })
  })

  it('refuses a payment the balance does not cover (1003 on amount_in_cents) and changes nothing', async () => {
    const contact = await newContact()
    await pay(contact, 1_000)
    const res = errorOf(await pay(contact, -1_001))
    expect(res).toMatchObject({ status: 400, code: 1003 })
    expect(Object.keys(res.errors)).toEqual(['amount_in_cents'])
    expect(await balanceOf(contact)).toBe(1_000)
    const none = await newContact()
    expect(errorOf(await pay(none, -1))).toMatchObject({ code: 1003 })
  })

  it('answers the documented errors: 55031, 60003, 60004, 1008 and 1003', async () => {
    const inactiveCard = `inactive-${contacts}`
    const contact = await newContact({ value: inactiveCard, active: false })
    const unknownContact = await leat(t.app, 'POST', '/prepaid-transactions', {
      token,
      body: { contact_uuid: '00000000-0000-0000-0000-000000000000', amount_in_cents: 100, shop_uuid: shop.uuid },
    })
    expect(errorOf(unknownContact)).toMatchObject({ code: 55031 })
    const unknownCard = await leat(t.app, 'POST', '/prepaid-transactions', {
      token,
      body: { contact_identifier_value: 'no-such-card', amount_in_cents: 100, shop_uuid: shop.uuid },
    })
    expect(errorOf(unknownCard)).toMatchObject({ code: 60003 })
    const inactive = await leat(t.app, 'POST', '/prepaid-transactions', {
      token,
      body: { contact_identifier_value: inactiveCard, amount_in_cents: 100, shop_uuid: shop.uuid },
    })
    expect(errorOf(inactive)).toMatchObject({ code: 60004 })
    const noShop = await leat(t.app, 'POST', '/prepaid-transactions', { token, body: { contact_uuid: contact.uuid, amount_in_cents: 100, shop_uuid: 'nope' } })
    expect(errorOf(noShop)).toMatchObject({ code: 1008 })
    const neither = errorOf(await leat(t.app, 'POST', '/prepaid-transactions', { token, form: true, body: { amount_in_cents: 100, shop_uuid: shop.uuid } }))
    expect(neither).toMatchObject({ code: 1003 })
    expect(neither.errors.contact_uuid).toBeDefined()
    const missing = errorOf(await leat(t.app, 'POST', '/prepaid-transactions', { token, body: { contact_uuid: contact.uuid } }))
    expect(Object.keys(missing.errors).sort()).toEqual(['amount_in_cents', 'shop_uuid'])
    expect(errorOf(await pay(contact, 0))).toMatchObject({ code: 1003 })
    expect(await balanceOf(contact)).toBe(0)
  })

  it('answers a contact prepaid balance, zero before any top-up, and 55031 for an unknown contact', async () => {
    const contact = await newContact()
    expect(dataOf(await leat(t.app, 'GET', `/contacts/${contact.uuid}/prepaid-balance`, { token }))).toEqual({ balance_in_cents: 0, balance: '€0.00' })
    await pay(contact, 5_000)
    const res = await leat(t.app, 'GET', `/contacts/${contact.uuid}/prepaid-balance`, { token })
    expect(res.body).toEqual({ data: { balance_in_cents: 5_000, balance: '€50.00' }, meta: [] })
    expect(errorOf(await leat(t.app, 'GET', '/contacts/nope/prepaid-balance', { token }))).toMatchObject({ code: 55031 })
  })

  it('lists transactions by contact or shop with paging', async () => {
    const contact = await newContact()
    await pay(contact, 1_500)
    await pay(contact, -500)
    await pay(contact, -400)
    const page = await leat(t.app, 'GET', `/prepaid-transactions?contact_uuid=${contact.uuid}&limit=2&page=1`, { token })
    const items = dataOf<{ amount_in_cents: number; prepaid_balance: { balance_in_cents: number }; contact: { uuid: string; email: string } }[]>(page)
    expect(items.map((i) => [i.amount_in_cents, i.prepaid_balance.balance_in_cents])).toEqual([
      [1_500, 1_500],
      [-500, 1_000],
    ])
    expect(items[0]?.contact).toEqual({ uuid: contact.uuid, email: `john${contacts}@doe.com` })
    expect(page.body.meta).toEqual({ current_page: 1, from: 1, last_page: 2, per_page: 2, total: 3 })
    const byShop = await leat(t.app, 'GET', `/prepaid-transactions?shop_uuid=${shop.uuid}`, { token })
    expect((byShop.body.meta as { total: number }).total).toBeGreaterThanOrEqual(3)
    expect(errorOf(await leat(t.app, 'GET', '/prepaid-transactions?contact_uuid=nope', { token }))).toMatchObject({ code: 55031 })
    expect(errorOf(await leat(t.app, 'GET', '/prepaid-transactions?shop_uuid=nope', { token }))).toMatchObject({ code: 1008 })
    expect(errorOf(await leat(t.app, 'GET', '/prepaid-transactions?limit=31', { token }))).toMatchObject({ code: 1003 })
  })

  it('reverses a transaction once, and refuses to reverse a top-up already spent', async () => {
    const contact = await newContact()
    const up = dataOf<{ uuid: string }>(await pay(contact, 3_000))
    const spend = dataOf<{ uuid: string }>(await pay(contact, -2_500))
    const spentTopUp = errorOf(await leat(t.app, 'POST', `/prepaid-transactions/${up.uuid}/reverse`, { token }))
    expect(spentTopUp).toMatchObject({ code: 1003 })
    expect(Object.keys(spentTopUp.errors)).toEqual(['prepaid_transaction_uuid'])
    const reversed = await leat(t.app, 'POST', `/prepaid-transactions/${spend.uuid}/reverse`, { token })
    expect(dataOf(reversed)).toMatchObject({ amount_in_cents: 2_500, prepaid_balance: { balance_in_cents: 3_000 } })
    expect(errorOf(await leat(t.app, 'POST', `/prepaid-transactions/${spend.uuid}/reverse`, { token }))).toMatchObject({ code: 1003 })
    expect(errorOf(await leat(t.app, 'POST', '/prepaid-transactions/nope/reverse', { token }))).toMatchObject({ code: 1003 })
    expect(await balanceOf(contact)).toBe(3_000)
  })

  it('never takes a prepaid balance below zero under concurrent payments', async () => {
    const contact = await newContact()
    await pay(contact, 1_000)
    const results = await Promise.all(Array.from({ length: 14 }, () => pay(contact, -100)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(10)
    expect(await balanceOf(contact)).toBe(0)
    expect(await ledgerIsConsistent(t)).toBe(true)
  })

  it('pays and tops up from the domain as a kiosk does, by contact id and shop id', async () => {
    const contact = await newContact()
    await t.container.prepaid.topUp({ accountId }, { contact: { id: contact.id }, amount: minor(900), shop: { id: shop.id } })
    const paid = await t.container.prepaid.pay({ accountId }, { contact: { id: contact.id }, amount: minor(400), shop: { id: shop.id } })
    expect(paid.transaction.balanceAfter).toBe(500)
    await expect(t.container.prepaid.pay({ accountId }, { contact: { id: contact.id }, amount: minor(600), shop: { id: shop.id } })).rejects.toMatchObject({
      code: 'prepaid.insufficient_balance',
    })
    expect(await t.container.prepaid.balance(accountId, { id: contact.id })).toBe(500)
  })

  it('answers a retried payment with the first answer and pays once', async () => {
    const contact = await newContact()
    await pay(contact, 1_000)
    const key = { 'idempotency-key': `pp-${contact.uuid}` }
    const first = await pay(contact, -300, key)
    const again = await pay(contact, -300, key)
    expect(again.body).toEqual(first.body)
    expect(await balanceOf(contact)).toBe(700)
  })

  it('keeps prepaid balances to their own account', async () => {
    const contact = await newContact()
    await pay(contact, 1_000)
    const intruder = await newLeatClient(t)
    expect(errorOf(await leat(t.app, 'GET', `/contacts/${contact.uuid}/prepaid-balance`, { token: intruder.token }))).toMatchObject({ code: 55031 })
    const steal = await leat(t.app, 'POST', '/prepaid-transactions', {
      token: intruder.token,
      body: { contact_uuid: contact.uuid, amount_in_cents: -1_000, shop_uuid: shop.uuid },
    })
    expect(errorOf(steal)).toMatchObject({ code: 55031 })
    expect(await balanceOf(contact)).toBe(1_000)
  })
})
