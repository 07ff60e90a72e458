import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Shop } from '../../../src/domain/contacts/contacts.js'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createCard, createProgram, ledgerIsConsistent } from './money-support.js'
import { createShop, dataOf, encodings, errorOf, LEAT_DATE, leat, newLeatClient } from './support.js'

const DAY = 86_400_000

describe.each(databaseKinds())('Leat giftcards (%s)', (kind) => {
  let t: TestApp
  let token: string
  let accountId: number
  let shop: Shop
  let program: string

  beforeAll(async () => {
    t = await createTestApp(kind)
    const client = await newLeatClient(t)
    token = client.token
    accountId = client.accountId
    shop = await createShop(t, accountId, 'Amsterdam Pop-up Store', 'AMS-1')
    program = await createProgram(t, token, { name: 'My Giftcard program', max_amount_in_cents: 51_000, expiration_days: 394 })
  })
  afterAll(() => t.close())

  const balanceOf = async (uuid: string) => dataOf<{ amount_in_cents: number }>(await leat(t.app, 'GET', `/giftcards/${uuid}`, { token })).amount_in_cents
  const transact = (giftcard_uuid: string, amount_in_cents: number, headers?: Record<string, string>) =>
    leat(t.app, 'POST', '/giftcard-transactions', { token, body: { giftcard_uuid, amount_in_cents, shop_uuid: shop.uuid }, ...(headers ? { headers } : {}) })

  describe.each(encodings)('creating a digital giftcard ($name)', ({ form }) => {
    it('answers the card with its program, a zero balance and an expiry from the program', async () => {
      const res = await leat(t.app, 'POST', '/giftcards', { token, form, body: { type: 1, giftcard_program_uuid: program } })
      expect(res.status).toBe(200)
      expect(res.body.meta).toEqual([])
      const card = dataOf<Record<string, unknown>>(res)
      expect(card).toMatchObject({
        type: 'DIGITAL',
        amount_in_cents: 0,
        amount: 0,
        upgradeable: true,
        active: true,
        display_amount: '€0.00',
        giftcard_program: { uuid: program, name: 'My Giftcard program', max_amount_in_cents: 51_000, calculator_flow: 'DEFAULT', expiration_days: 394 },
        giftcard_recipients: [],
      })
      expect(card.hash).toMatch(/^[A-Z0-9]{12}$/)
      expect(card.expiration_date).toBe(new Date(t.clock.now() + 394 * DAY).toISOString().slice(0, 19).concat('+00:00'))
      expect(card.formatted_expiration_date).toBe((card.expiration_date as string).slice(0, 10))
    })
  })

  it('refuses physical cards (55021), unknown programs (1100) and missing fields (1003)', async () => {
    expect(errorOf(await leat(t.app, 'POST', '/giftcards', { token, body: { type: 0, giftcard_program_uuid: program } }))).toMatchObject({
      status: 400,
      code: 55021,
    })
    expect(errorOf(await leat(t.app, 'POST', '/giftcards', { token, form: true, body: { type: 1, giftcard_program_uuid: 'nope' } }))).toMatchObject({
      code: 1100,
      statusCode: 400,
    })
    const missing = errorOf(await leat(t.app, 'POST', '/giftcards', { token, body: {} }))
    expect(missing.code).toBe(1003)
    expect(Object.keys(missing.errors).sort()).toEqual(['giftcard_program_uuid', 'type'])
  })

  it('finds a card by UUID and by hash, and answers 5001 for an unknown one', async () => {
    const card = await createCard(t, token, program, shop.uuid, 2_500)
    const byUuid = await leat(t.app, 'GET', `/giftcards/${card.uuid}`, { token })
    expect(dataOf(byUuid)).toMatchObject({ uuid: card.uuid, hash: card.hash, amount_in_cents: 2_500, display_amount: '€25.00' })
    const byHash = await leat(t.app, 'GET', `/giftcards/find-one-by?hash=${card.hash}`, { token })
    expect(dataOf(byHash)).toMatchObject({ uuid: card.uuid, amount_in_cents: 2_500 })
    expect(errorOf(await leat(t.app, 'GET', '/giftcards/find-one-by?hash=NOPE', { token }))).toMatchObject({ code: 5001 })
    expect(errorOf(await leat(t.app, 'GET', '/giftcards/find-one-by', { token }))).toMatchObject({ code: 1003 })
    expect(errorOf(await leat(t.app, 'GET', '/giftcards/00000000-0000-0000-0000-000000000000', { token }))).toMatchObject({ code: 5001 })
  })

  it('lists cards of a program with paging, and counts them in the program list', async () => {
    const other = await createProgram(t, token, { name: 'Small program' })
    for (let i = 0; i < 3; i++) await createCard(t, token, other, shop.uuid)
    const page = await leat(t.app, 'GET', `/giftcards?giftcard_program_uuid=${other}&limit=2&page=2`, { token })
    expect(page.status).toBe(200)
    expect(dataOf<unknown[]>(page)).toHaveLength(1)
    expect(page.body.meta).toEqual({ page: 2, per_page: 2, last_page: 2, total: 3 })
    expect(errorOf(await leat(t.app, 'GET', '/giftcards?giftcard_program_uuid=nope', { token }))).toMatchObject({ code: 1100 })
    expect(errorOf(await leat(t.app, 'GET', '/giftcards?limit=101', { token })).errors.limit).toBeDefined()
    const programs = dataOf<{ uuid: string; card_count: number; calculator_flow: string }[]>(await leat(t.app, 'GET', '/giftcard-programs', { token }))
    expect(programs.find((p) => p.uuid === other)).toMatchObject({ card_count: 3, calculator_flow: 'DEFAULT', active: true, settles: 0 })
  })

  describe.each(encodings)('giftcard transactions ($name)', ({ form }) => {
    it('tops a card up and spends from it, answering the transaction with its card and shop', async () => {
      const card = await createCard(t, token, program, shop.uuid)
      const up = await leat(t.app, 'POST', '/giftcard-transactions', {
        token,
        form,
        body: { giftcard_uuid: card.uuid, amount_in_cents: 2_500, shop_uuid: shop.uuid },
      })
      expect(up.status).toBe(200)
      const down = await leat(t.app, 'POST', '/giftcard-transactions', {
        token,
        form,
        body: { giftcard_uuid: card.uuid, amount_in_cents: -1_000, shop_uuid: shop.uuid, custom_attributes: { till: '4' } },
      })
      expect(down.status).toBe(200)
      const tx = dataOf<Record<string, unknown>>(down)
      expect(tx).toMatchObject({
        amount_in_cents: -1_000,
        type: 'STANDARD',
        settled: false,
        card: { id: card.id, uuid: card.uuid },
        shop: { id: shop.id, uuid: shop.uuid, name: 'Amsterdam Pop-up Store' },
        settlements: [],
      })
      expect(tx.created_at).toMatch(LEAT_DATE)
      expect(await balanceOf(card.uuid)).toBe(1_500)
      const got = await leat(t.app, 'GET', `/giftcard-transactions/${tx.uuid as string}`, { token })
      expect(dataOf(got)).toEqual(tx)
    })
  })

  it('refuses a spend larger than the balance (5003) and changes nothing', async () => {
    const card = await createCard(t, token, program, shop.uuid, 1_000)
    const refused = errorOf(await transact(card.uuid, -1_001))
    expect(refused).toMatchObject({ status: 400, code: 5003 })
    expect(Object.keys(refused.errors)).toEqual(['amount_in_cents'])
    expect(await balanceOf(card.uuid)).toBe(1_000)
  })

  it('refuses a top-up beyond the program maximum (5008)', async () => {
    const card = await createCard(t, token, program, shop.uuid, 50_000)
    expect(errorOf(await transact(card.uuid, 1_001))).toMatchObject({ code: 5008 })
    expect((await transact(card.uuid, 1_000)).status).toBe(200)
  })

  it('refuses top-ups of cards of a program that does not allow them (5006)', async () => {
    const fixed = await createProgram(t, token, { name: 'Fixed value', upgradeable: false })
    const card = dataOf<{ uuid: string; upgradeable: boolean }>(
      await leat(t.app, 'POST', '/giftcards', { token, body: { type: 1, giftcard_program_uuid: fixed } }),
    )
    expect(card.upgradeable).toBe(false)
    expect(errorOf(await transact(card.uuid, 500))).toMatchObject({ code: 5006 })
  })

  it('refuses transactions on an expired card (5002) and on a card of an inactive program (7010)', async () => {
    const short = await createProgram(t, token, { name: 'Short lived', expiration_days: 1 })
    const card = await createCard(t, token, short, shop.uuid, 500)
    t.clock.advance(DAY + 1)
    expect(errorOf(await transact(card.uuid, -100))).toMatchObject({ code: 5002 })
    const inactive = await createProgram(t, token, { name: 'Retired', active: false })
    const retired = dataOf<{ uuid: string }>(await leat(t.app, 'POST', '/giftcards', { token, body: { type: 1, giftcard_program_uuid: inactive } }))
    expect(errorOf(await transact(retired.uuid, 500))).toMatchObject({ code: 7010 })
  })

  it('refuses unknown cards (5001), unknown shops (1008) and a zero amount (1003)', async () => {
    const card = await createCard(t, token, program, shop.uuid, 500)
    expect(errorOf(await transact('00000000-0000-0000-0000-000000000000', 100))).toMatchObject({ code: 5001 })
    const noShop = await leat(t.app, 'POST', '/giftcard-transactions', { token, body: { giftcard_uuid: card.uuid, amount_in_cents: 100, shop_uuid: 'nope' } })
    expect(errorOf(noShop)).toMatchObject({ code: 1008 })
    const zero = errorOf(await transact(card.uuid, 0))
    expect(zero).toMatchObject({ code: 1003 })
    expect(zero.errors.amount_in_cents).toBeDefined()
    const missing = errorOf(await leat(t.app, 'POST', '/giftcard-transactions', { token, form: true, body: { giftcard_uuid: card.uuid } }))
    expect(Object.keys(missing.errors).sort()).toEqual(['amount_in_cents', 'shop_uuid'])
    expect(await balanceOf(card.uuid)).toBe(500)
  })

  it('reverses only the last transaction of a card, once (55025), and answers 5010 for an unknown one', async () => {
    const card = await createCard(t, token, program, shop.uuid, 3_000)
    const spend = dataOf<{ uuid: string }>(await transact(card.uuid, -1_200))
    const reversed = await leat(t.app, 'POST', `/giftcard-transactions/${spend.uuid}/reverse`, { token })
    expect(reversed.status).toBe(200)
    expect(dataOf(reversed)).toMatchObject({ amount_in_cents: 1_200, card: { uuid: card.uuid }, shop: { uuid: shop.uuid } })
    expect(await balanceOf(card.uuid)).toBe(3_000)
    expect(errorOf(await leat(t.app, 'POST', `/giftcard-transactions/${spend.uuid}/reverse`, { token }))).toMatchObject({ code: 55025 })
    const first = dataOf<{ uuid: string }>(await transact(card.uuid, -100))
    await transact(card.uuid, -100)
    expect(errorOf(await leat(t.app, 'POST', `/giftcard-transactions/${first.uuid}/reverse`, { token }))).toMatchObject({ code: 55025 })
    expect(errorOf(await leat(t.app, 'POST', '/giftcard-transactions/nope/reverse', { token }))).toMatchObject({ code: 5010 })
    expect(errorOf(await leat(t.app, 'GET', '/giftcard-transactions/nope', { token }))).toMatchObject({ code: 5010 })
  })

  it('reverses a top-up that is the last transaction of its card', async () => {
    const card = await createCard(t, token, program, shop.uuid, 1_000)
    const up = dataOf<{ uuid: string }>(await transact(card.uuid, 500))
    const reversed = await leat(t.app, 'POST', `/giftcard-transactions/${up.uuid}/reverse`, { token, form: true, body: {} })
    expect(dataOf(reversed)).toMatchObject({ amount_in_cents: -500 })
    expect(await balanceOf(card.uuid)).toBe(1_000)
  })

  it('lists transactions by card hash, program or shop, and requires one of them (1003)', async () => {
    const other = await createProgram(t, token, { name: 'Listed' })
    const card = await createCard(t, token, other, shop.uuid, 1_000)
    await transact(card.uuid, -250)
    await transact(card.uuid, -250)
    const byHash = await leat(t.app, 'GET', `/giftcard-transactions?giftcard_hash=${card.hash}&perPage=2&page=1`, { token })
    expect(dataOf<{ amount_in_cents: number }[]>(byHash).map((x) => x.amount_in_cents)).toEqual([1_000, -250])
    expect(byHash.body.meta).toEqual({ page: 1, limit: 2, viewing_from: 1, viewing_to: 2, last_page: 2, total: 3 })
    const byProgram = await leat(t.app, 'GET', `/giftcard-transactions?giftcard_program_uuid=${other}`, { token })
    expect(byProgram.body.meta).toMatchObject({ total: 3 })
    const misspelled = await leat(t.app, 'GET', `/giftcard-transactions?gifcard_hash=${card.hash}`, { token })
    expect(misspelled.body.meta).toMatchObject({ total: 3 })
    const byShop = await leat(t.app, 'GET', `/giftcard-transactions?shop_uuid=${shop.uuid}`, { token })
    expect((byShop.body.meta as { total: number }).total).toBeGreaterThanOrEqual(3)
    expect(errorOf(await leat(t.app, 'GET', '/giftcard-transactions', { token }))).toMatchObject({ code: 1003 })
    expect(errorOf(await leat(t.app, 'GET', '/giftcard-transactions?shop_uuid=nope', { token }))).toMatchObject({ code: 1008 })
  })

  it('never overdraws a card redeemed by two requests at once', async () => {
    const card = await createCard(t, token, program, shop.uuid, 1_000)
    const results = await Promise.all([transact(card.uuid, -700), transact(card.uuid, -700)])
    expect(results.map((r) => r.status).sort()).toEqual([200, 400])
    expect(results.find((r) => r.status === 400)?.body.code).toBe(5003)
    expect(await balanceOf(card.uuid)).toBe(300)
  })

  it('never overdraws a card redeemed by many requests at once', async () => {
    const card = await createCard(t, token, program, shop.uuid, 1_000)
    const results = await Promise.all(Array.from({ length: 16 }, () => transact(card.uuid, -100)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(10)
    expect(results.filter((r) => r.status === 400).every((r) => r.body.code === 5003)).toBe(true)
    expect(await balanceOf(card.uuid)).toBe(0)
    expect(await ledgerIsConsistent(t)).toBe(true)
  })

  it('answers a retried transaction with the first answer and spends once; another body with the same key is 1003', async () => {
    const card = await createCard(t, token, program, shop.uuid, 1_000)
    const key = { 'idempotency-key': `gc-${card.uuid}` }
    const first = await transact(card.uuid, -400, key)
    const retries = await Promise.all([transact(card.uuid, -400, key), transact(card.uuid, -400, key)])
    for (const r of retries) expect(r.body).toEqual(first.body)
    expect(await balanceOf(card.uuid)).toBe(600)
    expect(errorOf(await transact(card.uuid, -500, key))).toMatchObject({ code: 1003 })
    expect(errorOf(await transact(card.uuid, -500, key)).errors['Idempotency-Key']).toBeDefined()
  })

  it('answers the same to a spend and its retry that arrive at once, and spends once', async () => {
    const card = await createCard(t, token, program, shop.uuid, 1_000)
    const key = { 'idempotency-key': `race-${card.uuid}` }
    const [a, b] = await Promise.all([transact(card.uuid, -700, key), transact(card.uuid, -700, key)])
    expect(a.status).toBe(200)
    expect(b.body).toEqual(a.body)
    expect(await balanceOf(card.uuid)).toBe(300)
  })

  it('keeps every card balance in the ledger: the balance check holds and a card is found by hash from the domain', async () => {
    const card = await createCard(t, token, program, shop.uuid, 800)
    const view = await t.container.giftcards.get(accountId, { hash: card.hash })
    expect(view.balance).toBe(800)
    const check = await t.container.ledger.check()
    expect(check.mismatches).toEqual([])
    expect(check.wallets).toBeGreaterThan(0)
  })

  it('keeps cards to their own account', async () => {
    const card = await createCard(t, token, program, shop.uuid, 800)
    const intruder = await newLeatClient(t)
    expect(errorOf(await leat(t.app, 'GET', `/giftcards/find-one-by?hash=${card.hash}`, { token: intruder.token }))).toMatchObject({ code: 5001 })
    expect(errorOf(await leat(t.app, 'GET', `/giftcards/${card.uuid}`, { token: intruder.token }))).toMatchObject({ code: 5001 })
    const spend = await leat(t.app, 'POST', '/giftcard-transactions', {
      token: intruder.token,
      body: { giftcard_uuid: card.uuid, amount_in_cents: -100, shop_uuid: shop.uuid },
    })
    expect(errorOf(spend)).toMatchObject({ code: 5001 })
    expect(errorOf(await leat(t.app, 'POST', '/giftcards', { token: intruder.token, body: { type: 1, giftcard_program_uuid: program } }))).toMatchObject({
      code: 1100,
    })
    expect(await balanceOf(card.uuid)).toBe(800)
  })

  it('answers 401 without a token', async () => {
    expect((await leat(t.app, 'GET', '/giftcard-programs')).status).toBe(401)
    expect((await leat(t.app, 'POST', '/giftcard-transactions', { body: {} })).status).toBe(401)
  })
})
