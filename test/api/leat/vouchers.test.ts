import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Contact, Shop } from '../../../src/domain/contacts/contacts.js'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createContact } from './money-support.js'
import { createShop, dataOf, encodings, errorOf, LEAT_DATE, leat, newLeatClient } from './support.js'

const HOUR = 3_600_000

interface VoucherData {
  readonly uuid: string
  readonly code: string
  readonly status: string
  readonly is_redeemed: boolean
  readonly redeemed_at: string | null
}

describe.each(databaseKinds())('Leat promotions and vouchers (%s)', (kind) => {
  let t: TestApp
  let token: string
  let accountId: number
  let shop: Shop
  let promotion: string
  let contacts = 0

  beforeAll(async () => {
    t = await createTestApp(kind)
    const client = await newLeatClient(t)
    token = client.token
    accountId = client.accountId
    shop = await createShop(t, accountId, 'Pizzeria', 'PZ-1')
    const res = await leat(t.app, 'POST', '/promotions', { token, body: { name: 'Gratis Pizza', description: 'Lekker gratis pizza' } })
    promotion = dataOf<{ uuid: string }>(res).uuid
  })
  afterAll(() => t.close())

  const newContact = (): Promise<Contact> => createContact(t, accountId, `jane${++contacts}@doe.com`)
  const newVoucher = async (body: Record<string, unknown> = {}): Promise<VoucherData> => {
    const res = await leat(t.app, 'POST', '/vouchers', { token, body: { promotion_uuid: promotion, ...body } })
    if (res.status !== 200) throw new Error(`voucher not created: ${JSON.stringify(res.body)}`)
    return dataOf<VoucherData>(res)
  }
  const redeem = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    leat(t.app, 'POST', '/vouchers/redeem', { token, body, ...(headers ? { headers } : {}) })
  const find = async (code: string) => dataOf<VoucherData>(await leat(t.app, 'GET', `/vouchers/find?code=${code}`, { token }))

  describe.each(encodings)('promotions ($name)', ({ form }) => {
    it('creates, gets and lists a promotion with its limits', async () => {
      const res = await leat(t.app, 'POST', '/promotions', {
        token,
        form,
        body: { name: 'Some Promotion Name', description: 'Some Promotion Description', voucher_limit: 30, limit_per_contact: 10 },
      })
      expect(res.status).toBe(200)
      const created = dataOf<{ uuid: string }>(res)
      expect(created).toEqual({
        attributes: {},
        name: 'Some Promotion Name',
        description: 'Some Promotion Description',
        voucher_limit: 30,
        limit_per_contact: 10,
        expiration_duration: null,
        uuid: created.uuid,
      })
      expect(dataOf(await leat(t.app, 'GET', `/promotions/${created.uuid}`, { token }))).toEqual(created)
      const list = dataOf<{ uuid: string }[]>(await leat(t.app, 'GET', '/promotions', { token }))
      expect(list.map((p) => p.uuid)).toContain(created.uuid)
    })
  })

  it('answers 80002 for an unknown promotion and 1003 for a promotion without a name', async () => {
    expect(errorOf(await leat(t.app, 'GET', '/promotions/nope', { token }))).toMatchObject({ code: 80002 })
    const bad = errorOf(await leat(t.app, 'POST', '/promotions', { token, body: { description: 'x' } }))
    expect(bad).toMatchObject({ code: 1003 })
    expect(bad.errors.name).toBeDefined()
  })

  describe.each(encodings)('creating vouchers ($name)', ({ form }) => {
    it('creates a voucher with a generated code, linked to a contact, with attributes', async () => {
      const contact = await newContact()
      const res = await leat(t.app, 'POST', '/vouchers', {
        token,
        form,
        body: { promotion_uuid: promotion, contact_uuid: contact.uuid, custom_attributes: { plu: 'ABC12' } },
      })
      expect(res.status).toBe(200)
      const v = dataOf<Record<string, unknown>>(res)
      expect(v).toMatchObject({
        status: 'ACTIVE',
        name: 'Gratis Pizza',
        description: 'Lekker gratis pizza',
        expiration_date: null,
        redeemed_at: null,
        is_redeemed: false,
        attributes: { plu: 'ABC12' },
        contact: { uuid: contact.uuid, email: `jane${contacts}@doe.com` },
        promotion: { uuid: promotion, name: 'Gratis Pizza', voucher_limit: null, limit_per_contact: null, expiration_duration: null },
      })
      expect(v.code).toMatch(/^[A-Z0-9]{10}$/)
      expect(v.activation_date).toMatch(LEAT_DATE)
    })

    it('creates a voucher with its own code and dates, taken as UTC without an offset', async () => {
      const res = await leat(t.app, 'POST', '/vouchers', {
        token,
        form,
        body: { promotion_uuid: promotion, code: `EXAMPLE-${form}`, activation_date: '2023-12-10T10:00:00', expiration_date: '2023-12-12T12:00:00+02:00' },
      })
      expect(dataOf(res)).toMatchObject({
        code: `EXAMPLE-${form}`,
        activation_date: '2023-12-10T10:00:00+00:00',
        expiration_date: '2023-12-12T10:00:00+00:00',
        status: 'EXPIRED',
        contact: null,
      })
    })
  })

  it('answers 80003 for a taken code, 80002, 55031 and 1003 for bad dates', async () => {
    await newVoucher({ code: 'TAKEN' })
    expect(errorOf(await leat(t.app, 'POST', '/vouchers', { token, body: { promotion_uuid: promotion, code: 'TAKEN' } }))).toMatchObject({ code: 80003 })
    expect(errorOf(await leat(t.app, 'POST', '/vouchers', { token, body: { promotion_uuid: 'nope' } }))).toMatchObject({ code: 80002 })
    expect(errorOf(await leat(t.app, 'POST', '/vouchers', { token, body: { promotion_uuid: promotion, contact_uuid: 'nope' } }))).toMatchObject({ code: 55031 })
    const bad = errorOf(await leat(t.app, 'POST', '/vouchers', { token, body: { promotion_uuid: promotion, expiration_date: 'tomorrow-ish' } }))
    expect(bad).toMatchObject({ code: 1003 })
    expect(bad.errors.expiration_date).toBeDefined()
  })

  it('stops at the promotion voucher limit and at the limit per contact (80008), also in a batch', async () => {
    const limited = dataOf<{ uuid: string }>(
      await leat(t.app, 'POST', '/promotions', { token, body: { name: 'Few', description: 'Only three', voucher_limit: 3, limit_per_contact: 1 } }),
    )
    const contact = await newContact()
    expect((await leat(t.app, 'POST', '/vouchers', { token, body: { promotion_uuid: limited.uuid, contact_uuid: contact.uuid } })).status).toBe(200)
    const second = await leat(t.app, 'POST', '/vouchers', { token, body: { promotion_uuid: limited.uuid, contact_uuid: contact.uuid } })
    expect(errorOf(second)).toMatchObject({ code: 80008 })
    const batch = await leat(t.app, 'POST', '/vouchers/batch', { token, body: { promotion_uuid: limited.uuid, quantity: 3 } })
    expect(errorOf(batch)).toMatchObject({ code: 80008 })
    const fits = await leat(t.app, 'POST', '/vouchers/batch', { token, form: true, body: { promotion_uuid: limited.uuid, quantity: 2 } })
    expect(dataOf(fits)).toMatchObject({ type: 'vouchers', quantity: 2, status: 'FINISHED' })
    expect(dataOf<{ created_at: string }>(fits).created_at).toMatch(/^\d{4}-\d{2}-\d{2}, \d{2}:\d{2}$/)
    const list = await leat(t.app, 'GET', `/vouchers?promotion_uuid=${limited.uuid}`, { token })
    expect(list.body.meta).toMatchObject({ total: 3 })
    // A voucher of nobody that would become the contact's second one is refused too.
    const unlinked = await t.container.vouchers.list(accountId, { promotionUuid: limited.uuid, status: 'ACTIVE' }, { page: 1, perPage: 10 })
    const free = unlinked.items.find((v) => v.contact === null)
    expect(errorOf(await redeem({ code: free?.voucher.code, contact_uuid: contact.uuid }))).toMatchObject({ code: 80008 })
    expect((await redeem({ code: free?.voucher.code, contact_uuid: (await newContact()).uuid })).status).toBe(200)
  })

  it('expires vouchers after the promotion expiration duration', async () => {
    const short = dataOf<{ uuid: string }>(
      await leat(t.app, 'POST', '/promotions', { token, body: { name: 'Short', description: 'One hour', expiration_duration: 3600 } }),
    )
    const res = await leat(t.app, 'POST', '/vouchers', { token, body: { promotion_uuid: short.uuid } })
    const v = dataOf<VoucherData>(res)
    expect(v.status).toBe('ACTIVE')
    t.clock.advance(HOUR)
    expect((await find(v.code)).status).toBe('EXPIRED')
    expect(errorOf(await redeem({ code: v.code, contact_uuid: (await newContact()).uuid }))).toMatchObject({ code: 80006 })
    expect(errorOf(await leat(t.app, 'POST', `/vouchers/${v.uuid}/lock`, { token }))).toMatchObject({ code: 80006 })
    expect(errorOf(await leat(t.app, 'POST', `/vouchers/${v.uuid}/release`, { token, body: { release_key: 'any' } }))).toMatchObject({ code: 80006 })
  })

  describe.each(encodings)('redeeming ($name)', ({ form }) => {
    it('redeems a voucher of a contact once; a second redemption is 80005', async () => {
      const contact = await newContact()
      const v = await newVoucher({ contact_uuid: contact.uuid })
      const res = await leat(t.app, 'POST', '/vouchers/redeem', { token, form, body: { code: v.code, shop_uuid: shop.uuid } })
      expect(res.status).toBe(200)
      expect(dataOf(res)).toMatchObject({ uuid: v.uuid, status: 'REDEEMED', is_redeemed: true, contact: { uuid: contact.uuid } })
      expect(dataOf<VoucherData>(res).redeemed_at).toMatch(LEAT_DATE)
      expect(errorOf(await leat(t.app, 'POST', '/vouchers/redeem', { token, form, body: { code: v.code } }))).toMatchObject({ code: 80005 })
    })
  })

  it('needs a contact for a voucher that belongs to nobody and links it on redemption', async () => {
    const v = await newVoucher()
    const none = errorOf(await redeem({ code: v.code }))
    expect(none).toMatchObject({ code: 1003 })
    expect(none.errors.contact_uuid).toBeDefined()
    expect(errorOf(await redeem({ code: v.code, contact_uuid: 'nope' }))).toMatchObject({ code: 55031 })
    const contact = await newContact()
    expect(dataOf(await redeem({ code: v.code, contact_uuid: contact.uuid }))).toMatchObject({ status: 'REDEEMED', contact: { uuid: contact.uuid } })
  })

  it('refuses another contact than the voucher holder, unknown codes (80004) and unknown shops (1008)', async () => {
    const holder = await newContact()
    const other = await newContact()
    const v = await newVoucher({ contact_uuid: holder.uuid })
    expect(errorOf(await redeem({ code: v.code, contact_uuid: other.uuid })).errors.contact_uuid).toBeDefined()
    expect(errorOf(await redeem({ code: 'NO-SUCH-CODE' }))).toMatchObject({ code: 80004 })
    expect(errorOf(await redeem({ code: v.code, shop_uuid: 'nope' }))).toMatchObject({ code: 1008 })
    expect((await find(v.code)).status).toBe('ACTIVE')
  })

  it('refuses deactivated (80012) and not yet active (80014) vouchers; update switches the status', async () => {
    const contact = await newContact()
    const v = await newVoucher({ contact_uuid: contact.uuid })
    const off = await leat(t.app, 'PUT', `/vouchers/update/${v.uuid}`, { token, form: true, body: { status: 'DEACTIVATED' } })
    expect(dataOf(off)).toMatchObject({ status: 'DEACTIVATED' })
    expect(errorOf(await redeem({ code: v.code }))).toMatchObject({ code: 80012 })
    expect(errorOf(await leat(t.app, 'POST', `/vouchers/${v.uuid}/lock`, { token }))).toMatchObject({ code: 80012 })
    const on = await leat(t.app, 'PUT', `/vouchers/update/${v.uuid}`, { token, body: { status: 'ACTIVE', custom_attributes: { note: 'back' } } })
    expect(dataOf(on)).toMatchObject({ status: 'ACTIVE', attributes: { note: 'back' } })
    expect(errorOf(await leat(t.app, 'PUT', `/vouchers/update/${v.uuid}`, { token, body: { status: 'LOST' } }))).toMatchObject({ code: 1003 })
    expect(errorOf(await leat(t.app, 'PUT', '/vouchers/update/nope', { token, body: { status: 'ACTIVE' } }))).toMatchObject({ code: 80004 })
    const later = await newVoucher({ contact_uuid: contact.uuid, activation_date: new Date(t.clock.now() + HOUR).toISOString() })
    expect(later.status).toBe('INACTIVE')
    expect(errorOf(await redeem({ code: later.code }))).toMatchObject({ code: 80014 })
  })

  it('locks a voucher: a lock blocks redemption and a second lock (80017) until its key redeems or releases it', async () => {
    const contact = await newContact()
    const v = await newVoucher({ contact_uuid: contact.uuid })
    const locked = await leat(t.app, 'POST', `/vouchers/${v.uuid}/lock`, { token })
    const lock = dataOf<{ voucher: { status: string }; lock: { release_key: string; locked_at: string; unlocked_at: null; system_release_at: string } }>(locked)
    expect(lock.voucher).toEqual({ uuid: v.uuid, status: 'LOCKED' })
    expect(lock.lock.unlocked_at).toBeNull()
    expect(Date.parse(lock.lock.system_release_at) - Date.parse(lock.lock.locked_at)).toBe(HOUR)
    expect((await find(v.code)).status).toBe('LOCKED')
    expect(errorOf(await leat(t.app, 'POST', `/vouchers/${v.uuid}/lock`, { token }))).toMatchObject({ code: 80017 })
    expect(errorOf(await redeem({ code: v.code }))).toMatchObject({ code: 80017 })
    expect(errorOf(await redeem({ code: v.code, release_key: 'wrong' }))).toMatchObject({ code: 80017 })
    const wrongRelease = await leat(t.app, 'POST', `/vouchers/${v.uuid}/release`, { token, body: { release_key: 'wrong' } })
    expect(errorOf(wrongRelease).errors.release_key).toBeDefined()
    const released = await leat(t.app, 'POST', `/vouchers/${v.uuid}/release`, { token, form: true, body: { release_key: lock.lock.release_key } })
    expect(dataOf(released)).toMatchObject({ voucher: { status: 'ACTIVE' }, lock: { release_key: lock.lock.release_key, system_release_at: null } })
    expect(dataOf<{ lock: { unlocked_at: string } }>(released).lock.unlocked_at).toMatch(LEAT_DATE)

    const again = dataOf<{ lock: { release_key: string } }>(await leat(t.app, 'POST', `/vouchers/${v.uuid}/lock`, { token }))
    expect(dataOf(await redeem({ code: v.code, release_key: again.lock.release_key }))).toMatchObject({ status: 'REDEEMED' })
    const afterRedeem = await leat(t.app, 'POST', `/vouchers/${v.uuid}/release`, { token, body: { release_key: again.lock.release_key } })
    expect(errorOf(afterRedeem)).toMatchObject({ code: 80005 })
    expect(errorOf(await leat(t.app, 'POST', `/vouchers/${v.uuid}/lock`, { token }))).toMatchObject({ code: 80005 })
    expect(errorOf(await leat(t.app, 'POST', '/vouchers/nope/lock', { token }))).toMatchObject({ code: 80004 })
    expect(errorOf(await leat(t.app, 'POST', '/vouchers/nope/release', { token, body: { release_key: 'any' } }))).toMatchObject({ code: 80004 })
    expect(errorOf(await leat(t.app, 'POST', `/vouchers/${v.uuid}/release`, { token, body: {} })).errors.release_key).toBeDefined()
  })

  it('lets a lock lapse after an hour', async () => {
    const contact = await newContact()
    const v = await newVoucher({ contact_uuid: contact.uuid })
    await leat(t.app, 'POST', `/vouchers/${v.uuid}/lock`, { token })
    t.clock.advance(HOUR)
    expect((await find(v.code)).status).toBe('ACTIVE')
    expect(dataOf(await redeem({ code: v.code }))).toMatchObject({ status: 'REDEEMED' })
  })

  it('redeems a multi-use voucher several times at once, and not beyond what is left (80019)', async () => {
    const contact = await newContact()
    const v = await newVoucher({ contact_uuid: contact.uuid, total_redemptions_allowed: 5 })
    const multi = await leat(t.app, 'POST', '/vouchers/multi-redeem', { token, form: true, body: { code: v.code, number_of_times: 3, shop_uuid: shop.uuid } })
    const data = dataOf<{ voucher: VoucherData; voucher_redemptions: { uuid: string; created_at: string }[] }>(multi)
    expect(data.voucher.status).toBe('ACTIVE')
    expect(data.voucher_redemptions).toHaveLength(3)
    expect(data.voucher_redemptions[0]?.created_at).toMatch(LEAT_DATE)
    const tooMany = await leat(t.app, 'POST', '/vouchers/multi-redeem', { token, body: { code: v.code, number_of_times: 3, shop_uuid: shop.uuid } })
    expect(errorOf(tooMany)).toMatchObject({ code: 80019 })
    const rest = await leat(t.app, 'POST', '/vouchers/multi-redeem', { token, body: { code: v.code, number_of_times: 2, shop_uuid: shop.uuid } })
    expect(dataOf<{ voucher: VoucherData }>(rest).voucher).toMatchObject({ status: 'REDEEMED', is_redeemed: true })
    const missing = errorOf(await leat(t.app, 'POST', '/vouchers/multi-redeem', { token, body: { code: v.code } }))
    expect(Object.keys(missing.errors).sort()).toEqual(['number_of_times', 'shop_uuid'])
  })

  it('reverses the last redemption, after which the voucher can be redeemed again', async () => {
    const contact = await newContact()
    const v = await newVoucher({ contact_uuid: contact.uuid })
    await redeem({ code: v.code })
    const reversed = await leat(t.app, 'POST', `/vouchers/${v.uuid}/reverse`, { token })
    expect(dataOf(reversed)).toMatchObject({ status: 'ACTIVE', is_redeemed: false, redeemed_at: null })
    expect(errorOf(await leat(t.app, 'POST', `/vouchers/${v.uuid}/reverse`, { token }))).toMatchObject({ code: 1003 })
    expect(errorOf(await leat(t.app, 'POST', '/vouchers/nope/reverse', { token }))).toMatchObject({ code: 80004 })
    expect((await redeem({ code: v.code })).status).toBe(200)
  })

  it('never redeems a voucher twice, also when many redemptions arrive at once', async () => {
    const contact = await newContact()
    const v = await newVoucher({ contact_uuid: contact.uuid })
    const results = await Promise.all(Array.from({ length: 12 }, () => redeem({ code: v.code, shop_uuid: shop.uuid })))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 400).every((r) => r.body.code === 80005)).toBe(true)
    const multi = await newVoucher({ contact_uuid: contact.uuid, total_redemptions_allowed: 3 })
    const many = await Promise.all(Array.from({ length: 10 }, () => redeem({ code: multi.code })))
    expect(many.filter((r) => r.status === 200)).toHaveLength(3)
    const redemptions = await t.container.uow.read(
      async (tx) => (await tx.vouchers.openRedemptions((await tx.vouchers.byCode(accountId, multi.code))?.id ?? 0)).length,
    )
    expect(redemptions).toBe(3)
  })

  it('answers a retried redemption with the first answer instead of 80005', async () => {
    const contact = await newContact()
    const v = await newVoucher({ contact_uuid: contact.uuid })
    const key = { 'idempotency-key': `v-${v.uuid}` }
    const first = await redeem({ code: v.code }, key)
    const retry = await redeem({ code: v.code }, key)
    expect(first.status).toBe(200)
    expect(retry.body).toEqual(first.body)
  })

  it('answers the same to a request and its retry that arrive at once, and redeems once', async () => {
    const contact = await newContact()
    const v = await newVoucher({ contact_uuid: contact.uuid })
    const key = { 'idempotency-key': `race-${v.uuid}` }
    const [a, b] = await Promise.all([redeem({ code: v.code }, key), redeem({ code: v.code }, key)])
    expect(a.status).toBe(200)
    expect(b.body).toEqual(a.body)
  })

  it('finds vouchers by code (80004 when unknown) and lists them by contact and status', async () => {
    const contact = await newContact()
    const a = await newVoucher({ contact_uuid: contact.uuid })
    const b = await newVoucher({ contact_uuid: contact.uuid })
    await redeem({ code: b.code })
    expect(errorOf(await leat(t.app, 'GET', '/vouchers/find?code=NOPE', { token }))).toMatchObject({ code: 80004 })
    expect(errorOf(await leat(t.app, 'GET', '/vouchers/find', { token }))).toMatchObject({ code: 1003 })
    const active = await leat(t.app, 'GET', `/vouchers?contact_uuid=${contact.uuid}&status=ACTIVE`, { token })
    expect(dataOf<VoucherData[]>(active).map((v) => v.uuid)).toEqual([a.uuid])
    const redeemed = await leat(t.app, 'GET', `/vouchers?contact_uuid=${contact.uuid}&status=REDEEMED`, { token })
    expect(dataOf<VoucherData[]>(redeemed).map((v) => v.uuid)).toEqual([b.uuid])
    const all = await leat(t.app, 'GET', `/vouchers?contact_uuid=${contact.uuid}&limit=1&page=2`, { token })
    expect(all.body.meta).toEqual({ current_page: 2, from: 2, last_page: 2, per_page: 1, to: 2, total: 2 })
    expect(errorOf(await leat(t.app, 'GET', '/vouchers?status=LOST', { token }))).toMatchObject({ code: 1003 })
    expect(errorOf(await leat(t.app, 'GET', '/vouchers?contact_uuid=nope', { token }))).toMatchObject({ code: 55031 })
    expect(errorOf(await leat(t.app, 'GET', '/vouchers?promotion_uuid=nope', { token }))).toMatchObject({ code: 80002 })
    const offered = await t.container.vouchers.redeemableOf(accountId, { id: contact.id })
    expect(offered.map((v) => v.voucher.uuid)).toEqual([a.uuid])
  })

  it('keeps vouchers to their own account', async () => {
    const contact = await newContact()
    const v = await newVoucher({ contact_uuid: contact.uuid })
    const intruder = await newLeatClient(t)
    expect(errorOf(await leat(t.app, 'GET', `/vouchers/find?code=${v.code}`, { token: intruder.token }))).toMatchObject({ code: 80004 })
    expect(errorOf(await leat(t.app, 'POST', '/vouchers/redeem', { token: intruder.token, body: { code: v.code } }))).toMatchObject({ code: 80004 })
    expect(errorOf(await leat(t.app, 'POST', `/vouchers/${v.uuid}/lock`, { token: intruder.token }))).toMatchObject({ code: 80004 })
    expect(errorOf(await leat(t.app, 'GET', `/promotions/${promotion}`, { token: intruder.token }))).toMatchObject({ code: 80002 })
    expect((await find(v.code)).status).toBe('ACTIVE')
  })
})
