import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Promotion } from '../../src/domain/vouchers/vouchers.js'
import { type LeatServices, leatServices } from './leat-services.js'

const HOUR = 3_600_000

describe('voucher rules', () => {
  let s: LeatServices
  let promotion: Promotion

  beforeAll(async () => {
    s = await leatServices()
    promotion = await s.vouchers.createPromotion(s.ctx, {
      name: 'Krabby Patty',
      description: 'one free',
      voucherLimit: null,
      limitPerContact: null,
      expirationDuration: null,
    })
  })
  afterAll(() => s.close())

  const newVoucher = async (extra: { redemptionsAllowed?: number; expiresAt?: number } = {}) => {
    const contact = await s.newContact()
    const view = await s.vouchers.create(s.ctx, { promotionUuid: promotion.uuid, contact: { id: contact.id }, ...extra })
    return { contact, voucher: view.voucher }
  }

  it('locks a voucher until it is released with its key, and a second release answers the same', async () => {
    const { voucher } = await newVoucher()
    const locked = await s.vouchers.lock(s.ctx, voucher.uuid)
    expect(locked.status).toBe('LOCKED')
    await expect(s.vouchers.lock(s.ctx, voucher.uuid)).rejects.toMatchObject({ code: 'voucher.locked', detail: { subject: 'voucher' } })

    const released = await s.vouchers.release(s.ctx, voucher.uuid, locked.lock.releaseKey)
    expect(released.status).toBe('ACTIVE')
    expect(released.lock.unlockedAt).toBe(s.clock.now())
    expect(await s.vouchers.release(s.ctx, voucher.uuid, locked.lock.releaseKey)).toEqual(released)
    await expect(s.vouchers.release(s.ctx, voucher.uuid, 'not-the-key')).rejects.toMatchObject({
      code: 'validation.invalid',
      detail: { subject: 'releaseKey' },
    })
  })

  it('lets a lock lapse by itself after an hour', async () => {
    const { voucher } = await newVoucher()
    await s.vouchers.lock(s.ctx, voucher.uuid)
    s.clock.advance(HOUR)
    expect((await s.vouchers.find(s.accountId, { uuid: voucher.uuid })).status).toBe('ACTIVE')
  })

  it('redeems a voucher once', async () => {
    const { voucher } = await newVoucher()
    const done = await s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code }, shop: { id: s.shop.id } })
    expect(done.voucher.status).toBe('REDEEMED')
    expect(done.redemptions).toHaveLength(1)
    await expect(s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code } })).rejects.toMatchObject({ code: 'voucher.redeemed', detail: { subject: 'code' } })
    await expect(s.vouchers.lock(s.ctx, voucher.uuid)).rejects.toMatchObject({ code: 'voucher.redeemed', detail: { subject: 'voucher' } })
  })

  it('refuses an expired voucher, to redeem and to lock', async () => {
    const { voucher } = await newVoucher({ expiresAt: s.clock.now() + HOUR })
    s.clock.advance(2 * HOUR)
    expect((await s.vouchers.find(s.accountId, { code: voucher.code })).status).toBe('EXPIRED')
    await expect(s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code } })).rejects.toMatchObject({ code: 'voucher.expired', detail: { subject: 'code' } })
    await expect(s.vouchers.lock(s.ctx, voucher.uuid)).rejects.toMatchObject({ code: 'voucher.expired' })
  })

  it('never redeems more often than the voucher allows', async () => {
    const { voucher } = await newVoucher({ redemptionsAllowed: 3 })
    await expect(s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code }, times: 4 })).rejects.toMatchObject({
      code: 'voucher.not_enough_redemptions',
      detail: { subject: 'redemptions' },
    })
    expect((await s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code }, times: 2 })).voucher.status).toBe('ACTIVE')
    expect((await s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code } })).voucher.status).toBe('REDEEMED')
    await expect(s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code } })).rejects.toMatchObject({ code: 'voucher.redeemed' })
    expect((await s.vouchers.find(s.accountId, { code: voucher.code })).voucher.redemptions).toBe(3)
  })

  it('holds a promotion to its limit per contact when a voucher of nobody is redeemed', async () => {
    const limited = await s.vouchers.createPromotion(s.ctx, {
      name: 'One each',
      description: '',
      voucherLimit: null,
      limitPerContact: 1,
      expirationDuration: null,
    })
    const contact = await s.newContact()
    await s.vouchers.create(s.ctx, { promotionUuid: limited.uuid, contact: { id: contact.id } })
    const unowned = (await s.vouchers.create(s.ctx, { promotionUuid: limited.uuid })).voucher
    await expect(s.vouchers.redeem(s.ctx, { voucher: { code: unowned.code }, contact: { id: contact.id } })).rejects.toMatchObject({
      code: 'voucher.limit_reached',
      detail: { subject: 'contact' },
    })
    expect((await s.vouchers.find(s.accountId, { code: unowned.code })).status).toBe('ACTIVE')
  })

  it('refuses a locked voucher to any other release key, and redeems it with its own', async () => {
    const { voucher } = await newVoucher()
    const { lock } = await s.vouchers.lock(s.ctx, voucher.uuid)
    const redeem = (releaseKey?: string) => s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code }, ...(releaseKey ? { releaseKey } : {}) })
    await expect(redeem()).rejects.toMatchObject({ code: 'voucher.locked', detail: { subject: 'releaseKey' } })
    await expect(redeem('another-till')).rejects.toMatchObject({ code: 'voucher.locked', detail: { subject: 'releaseKey' } })
    expect((await s.vouchers.find(s.accountId, { uuid: voucher.uuid })).voucher.redemptions).toBe(0)

    const done = await redeem(lock.releaseKey)
    expect(done.voucher.status).toBe('REDEEMED')
    await expect(s.vouchers.release(s.ctx, voucher.uuid, lock.releaseKey)).rejects.toMatchObject({ code: 'voucher.redeemed' })
  })

  it('takes the last redemption back, so the voucher can be redeemed again', async () => {
    const { voucher } = await newVoucher()
    await expect(s.vouchers.reverseRedemption(s.ctx, voucher.uuid)).rejects.toMatchObject({ code: 'validation.invalid', detail: { subject: 'redemptions' } })
    await s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code } })
    expect((await s.vouchers.reverseRedemption(s.ctx, voucher.uuid)).status).toBe('ACTIVE')
    expect((await s.vouchers.redeem(s.ctx, { voucher: { code: voucher.code } })).voucher.status).toBe('REDEEMED')
  })
})
