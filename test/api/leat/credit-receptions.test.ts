import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createShop, dataOf, encodings, errorOf, LEAT_DATE, leat, newLeatClient } from './support.js'

interface Reception {
  type: 'credit_reception'
  uuid: string
  credits: number
  unit_value: number | null
  created_at: string
  contact_identifier: { value: string } | null
  contact: { uuid: string; email: string; credit_balance: { id: number; balance: number } }
  shop: { id: number; uuid: string; name: string; type: string; reference: string | null }
  unit: { name: string; label: string; prefix: string; is_default: boolean } | null
  pos_transaction_uuid: string | null
}

describe.each(databaseKinds())('Leat units, credit receptions and loyalty transactions (%s)', (kind) => {
  let t: TestApp
  let token: string
  let accountId: number
  let shopUuid: string
  let n = 0

  const contact = async (): Promise<string> => {
    const res = await leat(t.app, 'POST', '/contacts', { token, body: { email: `member-${++n}@bikinibottom.sea` } })
    return dataOf<{ uuid: string }>(res).uuid
  }
  const balance = async (uuid: string, as = token): Promise<number> =>
    dataOf<{ balance: number }>(await leat(t.app, 'GET', `/contacts/${uuid}/credit-balance`, { token: as })).balance
  const receive = (body: Record<string, unknown>, options: { form?: boolean; headers?: Record<string, string> } = {}) =>
    leat(t.app, 'POST', '/credit-receptions', { token, body: { shop_uuid: shopUuid, ...body }, ...options })

  beforeAll(async () => {
    t = await createTestApp(kind, { CREDITS_PER_UNIT: '1' })
    const client = await newLeatClient(t)
    token = client.token
    accountId = client.accountId
    shopUuid = (await createShop(t, accountId, 'Krusty Krab', 'KK-1')).uuid
  })
  afterAll(() => t.close())

  it('starts every account with the default purchase_amount unit', async () => {
    const res = await leat(t.app, 'GET', '/units', { token })
    expect(res.status).toBe(200)
    expect(res.body.meta).toEqual({})
    expect(dataOf(res)).toEqual([expect.objectContaining({ name: 'purchase_amount', label: 'Purchase Amount', is_default: true, credits_per_unit: 1 })])
  })

  it.each(encodings)('creates a unit, with the first letter of its name as default prefix ($name)', async ({ form }) => {
    const name = `visits_${form ? 'form' : 'json'}`
    const res = await leat(t.app, 'POST', '/units', { token, form, body: { name, label: 'Visits', is_default: false, credits_per_unit: 10 } })
    expect(res.status).toBe(200)
    expect(dataOf(res)).toMatchObject({ name, label: 'Visits', prefix: 'v', is_default: false, credits_per_unit: 10 })
    expect(dataOf<{ created_at: string }>(res).created_at).toMatch(LEAT_DATE)
  })

  it('keeps one default unit when two default units are created at once', async () => {
    const other = await newLeatClient(t)
    const results = await Promise.all(
      ['steps', 'swims'].map((name) => leat(t.app, 'POST', '/units', { token: other.token, body: { name, label: name, is_default: true } })),
    )
    expect(results.map((r) => r.status)).toEqual([200, 200])
    const units = dataOf<{ name: string; is_default: boolean }[]>(await leat(t.app, 'GET', '/units', { token: other.token }))
    expect(units.map((u) => u.name).sort()).toEqual(['purchase_amount', 'steps', 'swims'])
    expect(units.filter((u) => u.is_default)).toHaveLength(1)
  })

  it('refuses a unit name that exists (55045) and a unit without label (1003)', async () => {
    expect(errorOf(await leat(t.app, 'POST', '/units', { token, body: { name: 'purchase_amount', label: 'Again' } }))).toMatchObject({
      code: 55045,
      message: 'Unit already exists.',
    })
    const missing = await leat(t.app, 'POST', '/units', { token, body: { name: 'calories' } })
    expect(errorOf(missing)).toMatchObject({ code: 1003 })
    expect(errorOf(missing).errors).toHaveProperty('label')
  })

  it.each(encodings)('credits a contact from a purchase amount at the default rate, rounded down ($name)', async ({ form }) => {
    const uuid = await contact()
    const res = await receive({ contact_uuid: uuid, unit_value: 10.4 }, { form })
    expect(res.status).toBe(200)
    const reception = dataOf<Reception>(res)
    expect(reception).toMatchObject({
      type: 'credit_reception',
      credits: 10,
      unit_value: 10.4,
      contact: { uuid, credit_balance: { balance: 10 } },
      shop: { uuid: shopUuid, name: 'Krusty Krab', reference: 'KK-1' },
      unit: { name: 'purchase_amount', is_default: true },
      contact_identifier: null,
    })
    expect(reception.created_at).toMatch(LEAT_DATE)
    expect(await balance(uuid)).toBe(10)
  })

  it('uses the named unit and its own rate, and credits given explicitly override the rate', async () => {
    await leat(t.app, 'POST', '/units', { token, body: { name: 'kilometers', label: 'Kilometers', credits_per_unit: 2.5 } })
    const uuid = await contact()
    expect(dataOf<Reception>(await receive({ contact_uuid: uuid, unit_value: 3, unit_name: 'kilometers' })).credits).toBe(7)
    const explicit = dataOf<Reception>(await receive({ contact_uuid: uuid, credits: 50, unit_value: 3 }))
    expect(explicit).toMatchObject({ credits: 50, unit_value: 3 })
    const onlyCredits = dataOf<Reception>(await receive({ contact_uuid: uuid, credits: 5 }))
    expect(onlyCredits).toMatchObject({ credits: 5, unit_value: null, unit: null })
    expect(await balance(uuid)).toBe(62)
  })

  it('takes credits back with negative credits, never below zero (1017)', async () => {
    const uuid = await contact()
    await receive({ contact_uuid: uuid, credits: 80 })
    expect(dataOf<Reception>(await receive({ contact_uuid: uuid, credits: -32 })).contact.credit_balance.balance).toBe(48)
    const tooMuch = await receive({ contact_uuid: uuid, credits: -49 })
    expect(errorOf(tooMuch)).toMatchObject({ code: 1017, status: 400 })
    expect(Object.keys(errorOf(tooMuch).errors)).toEqual(['credits'])
    expect(await balance(uuid)).toBe(48)
  })

  it('answers every documented error of a credit reception', async () => {
    const uuid = await contact()
    expect(errorOf(await receive({ contact_uuid: uuid }))).toMatchObject({ code: 1003 })
    expect(errorOf(await receive({ contact_uuid: uuid, unit_value: 'ten' }))).toMatchObject({ code: 1003 })
    expect(errorOf(await receive({ contact_uuid: uuid, unit_value: 1.234 })).errors).toHaveProperty('unit_value')
    expect(errorOf(await receive({ contact_uuid: uuid, credits: 5, shop_uuid: 'nope' }))).toMatchObject({ code: 1008, message: 'Shop not found.' })
    expect(errorOf(await receive({ contact_uuid: 'nobody', credits: 5 }))).toMatchObject({ code: 55031 })
    expect(errorOf(await receive({ contact_uuid: uuid, unit_value: 5, unit_name: 'calories' }))).toMatchObject({ code: 60007, message: 'Unit not found.' })
    expect(errorOf(await receive({ contact_uuid: uuid, credits: 5, contact_identifier_value: 'NO-CARD' }))).toMatchObject({ code: 60003 })
    expect(await balance(uuid)).toBe(0)
  })

  it('records the contact identifier the credits were received with', async () => {
    const uuid = await contact()
    await leat(t.app, 'POST', '/contact-identifiers', { token, body: { contact_identifier_value: `CARD-${n}`, contact_uuid: uuid } })
    const res = await receive({ contact_uuid: uuid, credits: 3, contact_identifier_value: `CARD-${n}` })
    expect(dataOf<Reception>(res).contact_identifier).toEqual({ value: `CARD-${n}` })
  })

  it('credits a POS transaction once (6001), also when the same transaction is sent in parallel', async () => {
    const uuid = await contact()
    const first = await receive({ contact_uuid: uuid, unit_value: 20, pos_transaction_uuid: 'pos-1' })
    expect(dataOf<Reception>(first).pos_transaction_uuid).toBe('pos-1')
    expect(errorOf(await receive({ contact_uuid: uuid, unit_value: 20, pos_transaction_uuid: 'pos-1' }))).toMatchObject({
      code: 6001,
      message: 'The POS transaction is already linked to a credit reception.',
    })
    const parallel = await Promise.all(Array.from({ length: 6 }, () => receive({ contact_uuid: uuid, unit_value: 5, pos_transaction_uuid: 'pos-2' })))
    expect(parallel.filter((r) => r.status === 200)).toHaveLength(1)
    expect(parallel.filter((r) => r.status !== 200).every((r) => r.body.code === 6001)).toBe(true)
    expect(await balance(uuid)).toBe(25)
  })

  it('answers a retry with the same Idempotency-Key with the first answer and credits once', async () => {
    const uuid = await contact()
    const headers = { 'idempotency-key': `receive-${uuid}` }
    const first = await receive({ contact_uuid: uuid, unit_value: 12 }, { headers })
    const retry = await receive({ contact_uuid: uuid, unit_value: 12 }, { headers, form: true })
    expect(retry.body).toEqual(first.body)
    expect(await balance(uuid)).toBe(12)
    expect(errorOf(await receive({ contact_uuid: uuid, unit_value: 13 }, { headers }))).toMatchObject({ code: 1003 })
  })

  it('reverses a credit reception once, with a new reception of the negative credits', async () => {
    const uuid = await contact()
    const original = dataOf<Reception>(await receive({ contact_uuid: uuid, unit_value: 50 }))
    const res = await leat(t.app, 'POST', `/credit-receptions/${original.uuid}/reverse`, { token })
    expect(res.status).toBe(200)
    const reversal = dataOf<Reception>(res)
    expect(reversal.uuid).not.toBe(original.uuid)
    expect(reversal).toMatchObject({ credits: -50, unit_value: 50, contact: { uuid, credit_balance: { balance: 0 } } })
    const again = await leat(t.app, 'POST', `/credit-receptions/${original.uuid}/reverse`, { token })
    expect(errorOf(again)).toMatchObject({ code: 1003, status: 400 })
    expect(errorOf(await leat(t.app, 'POST', `/credit-receptions/${reversal.uuid}/reverse`, { token }))).toMatchObject({ code: 1003 })
    expect(errorOf(await leat(t.app, 'POST', '/credit-receptions/nope/reverse', { token }))).toMatchObject({
      code: 1028,
      message: 'Credit reception not found.',
    })
    expect(await balance(uuid)).toBe(0)
  })

  it('reverses once when two reversals race, and not when the credits were spent', async () => {
    const uuid = await contact()
    const original = dataOf<Reception>(await receive({ contact_uuid: uuid, credits: 30 }))
    const results = await Promise.all(Array.from({ length: 4 }, () => leat(t.app, 'POST', `/credit-receptions/${original.uuid}/reverse`, { token })))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(await balance(uuid)).toBe(0)

    const spent = dataOf<Reception>(await receive({ contact_uuid: uuid, credits: 20 }))
    await receive({ contact_uuid: uuid, credits: -15 })
    const spentReversal = errorOf(await leat(t.app, 'POST', `/credit-receptions/${spent.uuid}/reverse`, { token }))
    expect(spentReversal).toMatchObject({ code: 1017 })
    expect(Object.keys(spentReversal.errors)).toEqual(['credit_reception_uuid'])
    expect(await balance(uuid)).toBe(5)
  })

  it('calculates credits without creating a reception', async () => {
    const uuid = await contact()
    const res = await leat(t.app, 'GET', `/credit-receptions/calculate?shop_uuid=${shopUuid}&contact_uuid=${uuid}&unit_value=102.40`, { token })
    expect(res.body).toEqual({ data: { credits: 102 }, meta: {} })
    expect(await balance(uuid)).toBe(0)
    expect(errorOf(await leat(t.app, 'GET', `/credit-receptions/calculate?shop_uuid=nope&unit_value=1`, { token }))).toMatchObject({ code: 1008 })
    expect(errorOf(await leat(t.app, 'GET', `/credit-receptions/calculate?shop_uuid=${shopUuid}&unit_value=1&unit_name=x`, { token }))).toMatchObject({
      code: 60007,
    })
    expect(errorOf(await leat(t.app, 'GET', `/credit-receptions/calculate?shop_uuid=${shopUuid}&unit_value=1&contact_uuid=x`, { token }))).toMatchObject({
      code: 55031,
    })
  })

  it('lists loyalty transactions newest first, filtered by contact, shop and type, with pagination', async () => {
    const uuid = await contact()
    const otherShop = await createShop(t, accountId, 'Chum Bucket')
    await receive({ contact_uuid: uuid, credits: 1 })
    await receive({ contact_uuid: uuid, credits: 2, shop_uuid: otherShop.uuid })
    t.clock.advance(1000)
    await receive({ contact_uuid: uuid, credits: 3 })
    const all = await leat(t.app, 'GET', `/loyalty-transactions?contact_uuid=${uuid}`, { token })
    expect(dataOf<Reception[]>(all).map((r) => r.credits)).toEqual([3, 2, 1])
    expect(all.body.meta).toEqual({ page: 1, limit: 10, viewing_from: 1, viewing_to: 3, last_page: 1, total: 3 })
    const atShop = await leat(t.app, 'GET', `/loyalty-transactions?contact_uuid=${uuid}&shop_uuid=${otherShop.uuid}`, { token })
    expect(dataOf<Reception[]>(atShop).map((r) => r.credits)).toEqual([2])
    const paged = await leat(t.app, 'GET', `/loyalty-transactions?contact_uuid=${uuid}&limit=2&page=2`, { token })
    expect(dataOf<Reception[]>(paged).map((r) => r.credits)).toEqual([1])
    expect(paged.body.meta).toMatchObject({ page: 2, limit: 2, viewing_from: 3, viewing_to: 3, last_page: 2, total: 3 })
    const rewards = await leat(t.app, 'GET', `/loyalty-transactions?contact_uuid=${uuid}&type=reward_receptions`, { token })
    expect(dataOf(rewards)).toEqual([])
    const credits = await leat(t.app, 'GET', `/loyalty-transactions?contact_uuid=${uuid}&type=credit_receptions`, { token })
    expect(dataOf<Reception[]>(credits)).toHaveLength(3)
  })

  it('answers 55031, 1008 and 1003 on bad loyalty transaction filters', async () => {
    expect(errorOf(await leat(t.app, 'GET', '/loyalty-transactions?contact_uuid=nobody', { token }))).toMatchObject({ code: 55031 })
    expect(errorOf(await leat(t.app, 'GET', '/loyalty-transactions?shop_uuid=nowhere', { token }))).toMatchObject({ code: 1008 })
    expect(errorOf(await leat(t.app, 'GET', '/loyalty-transactions?type=gifts', { token })).errors).toHaveProperty('type')
    expect(errorOf(await leat(t.app, 'GET', '/loyalty-transactions?limit=101', { token })).errors).toHaveProperty('limit')
  })

  it('keeps receptions, units and transactions of other accounts out of reach', async () => {
    const uuid = await contact()
    const mine = dataOf<Reception>(await receive({ contact_uuid: uuid, credits: 9 }))
    const other = await newLeatClient(t)
    const theirShop = await createShop(t, other.accountId, 'Their shop')
    const otherReceive = (body: Record<string, unknown>) =>
      leat(t.app, 'POST', '/credit-receptions', { token: other.token, body: { shop_uuid: theirShop.uuid, ...body } })
    expect(errorOf(await otherReceive({ contact_uuid: uuid, credits: 5 }))).toMatchObject({ code: 55031 })
    expect(errorOf(await otherReceive({ contact_uuid: uuid, credits: 5, shop_uuid: shopUuid }))).toMatchObject({ code: 1008 })
    expect(errorOf(await leat(t.app, 'POST', `/credit-receptions/${mine.uuid}/reverse`, { token: other.token }))).toMatchObject({ code: 1028 })
    expect(dataOf(await leat(t.app, 'GET', '/loyalty-transactions', { token: other.token }))).toEqual([])
    expect(dataOf<{ name: string }[]>(await leat(t.app, 'GET', '/units', { token: other.token })).map((u) => u.name)).toEqual(['purchase_amount'])
    expect(await balance(uuid)).toBe(9)
  })

  it('keeps credits in the shared ledger: one points wallet, in hundredths, that the ledger check confirms', async () => {
    const uuid = await contact()
    await receive({ contact_uuid: uuid, credits: 7 })
    const check = await t.container.ledger.check()
    expect(check.mismatches).toEqual([])
    const wallet = await t.container.uow.read(async (tx) => {
      const c = await tx.contacts.findByUuid(accountId, uuid)
      return c ? tx.ledger.walletsOf(accountId, c.id) : []
    })
    expect(wallet.map((w) => w.balance)).toEqual([700])
  })
})
