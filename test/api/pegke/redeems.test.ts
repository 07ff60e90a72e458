import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { as, balanceOf, type Failure, give, requestRedeem, type Transaction, tokenFor, validateRedeem } from './support.js'

interface Redeem {
  id: number
  status: string
  points: number
  store: string | null
  expires: string
  expires_in: number
  otp?: string
}

const wrongCode = (otp: string) => String((Number(otp) + 1) % 1_000_000).padStart(6, '0')

describe.each(databaseKinds())('Pegke validate a redeem on %s', (kind) => {
  let t: TestApp
  let token: string
  let phones = 0
  /** A user with `points` points and a fresh mobile number. */
  const member = async (points: number): Promise<string> => {
    const mob = String(9_300_000_000 + ++phones)
    expect((await give(t.app, token, { idType: 'mob', mob, points })).status).toBe(200)
    return mob
  }
  const ask = async (mob: string, points: number, store?: string) => {
    const res = await requestRedeem(t.app, token, { idType: 'mob', mob, points, ...(store ? { store } : {}) })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return as<{ redeem: Redeem }>(res).redeem
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    token = await tokenFor(t.app, await t.newClient())
  })
  afterAll(() => t.close())

  it('takes the points only when the store confirms the request with the one-time code', async () => {
    const mob = await member(50)
    const res = await requestRedeem(t.app, token, { idType: 'mob', mob, points: 20, store: 'S-1' })
    expect(res.status).toBe(200)
    const { redeem, user } = as<{ redeem: Redeem; user: Record<string, unknown> }>(res)
    expect(redeem).toMatchObject({ status: 'pending', points: 20, store: 'S-1', expires_in: 600, otp: expect.stringMatching(/^\d{6}$/) })
    expect(user).toMatchObject({ mob, balance: 50 })
    expect(await balanceOf(t.app, token, mob)).toBe(50)

    const confirmed = await validateRedeem(t.app, token, { redeem_id: redeem.id, otp: redeem.otp })
    expect(confirmed.status).toBe(200)
    expect(as<{ redeem: Redeem; transaction: Transaction; user: Record<string, unknown> }>(confirmed)).toMatchObject({
      redeem: { id: redeem.id, status: 'redeemed', points: 20, store: 'S-1' },
      transaction: { type: 'redeem', points: -20, store: { id: 'S-1' } },
      user: { balance: 30 },
    })
    expect(await balanceOf(t.app, token, mob)).toBe(30)
  })

  it('confirms a code once', async () => {
    const mob = await member(50)
    const redeem = await ask(mob, 10)
    expect((await validateRedeem(t.app, token, { redeem_id: redeem.id, otp: redeem.otp })).status).toBe(200)
    const twice = await validateRedeem(t.app, token, { redeem_id: redeem.id, otp: redeem.otp })
    expect(twice.status).toBe(409)
    expect(as<Failure>(twice)).toMatchObject({ code: 54, field: 'redeem_id' })
    expect(await balanceOf(t.app, token, mob)).toBe(40)
  })

  it('confirms once when the same code arrives many times at once', async () => {
    const mob = await member(50)
    const redeem = await ask(mob, 10)
    const answers = await Promise.all(Array.from({ length: 8 }, () => validateRedeem(t.app, token, { redeem_id: redeem.id, otp: redeem.otp })))
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1)
    for (const r of answers.filter((a) => a.status !== 200)) expect(as<Failure>(r).code).toBe(54)
    expect(await balanceOf(t.app, token, mob)).toBe(40)
  })

  it('refuses a wrong code, and cancels the request after five', async () => {
    const mob = await member(50)
    const redeem = await ask(mob, 10)
    const otp = redeem.otp ?? ''
    for (let i = 0; i < 4; i++) {
      const res = await validateRedeem(t.app, token, { redeem_id: redeem.id, otp: wrongCode(otp) })
      expect(res.status).toBe(422)
      expect(as<Failure>(res)).toMatchObject({ code: 53, message: 'Invalid one-time code', field: 'otp', detail: 'wrong one-time code' })
    }
    const fifth = await validateRedeem(t.app, token, { redeem_id: redeem.id, otp: wrongCode(otp) })
    expect(as<Failure>(fifth).detail).toContain('cancelled')
    const late = await validateRedeem(t.app, token, { redeem_id: redeem.id, otp })
    expect(late.status).toBe(409)
    expect(as<Failure>(late)).toMatchObject({ code: 54, detail: 'the redeem request was cancelled' })
    expect(await balanceOf(t.app, token, mob)).toBe(50)
  })

  it('refuses a code after ten minutes', async () => {
    const mob = await member(50)
    const redeem = await ask(mob, 10)
    t.clock.advance(10 * 60_000)
    const res = await validateRedeem(t.app, token, { redeem_id: redeem.id, otp: redeem.otp })
    expect(res.status).toBe(422)
    expect(as<Failure>(res)).toMatchObject({ code: 52, message: 'Redeem request expired' })
    expect(await balanceOf(t.app, token, mob)).toBe(50)
  })

  it('refuses a redeem the balance does not cover, when asked and when confirmed', async () => {
    const mob = await member(30)
    const tooMuch = await requestRedeem(t.app, token, { idType: 'mob', mob, points: 31 })
    expect(tooMuch.status).toBe(422)
    expect(as<Failure>(tooMuch)).toMatchObject({ code: 60, message: 'Insufficient points', field: 'points' })

    const first = await ask(mob, 20)
    const second = await ask(mob, 20)
    expect((await validateRedeem(t.app, token, { redeem_id: first.id, otp: first.otp })).status).toBe(200)
    const res = await validateRedeem(t.app, token, { redeem_id: second.id, otp: second.otp })
    expect(res.status).toBe(422)
    expect(as<Failure>(res)).toMatchObject({ code: 60, message: 'Insufficient points', field: 'points' })
    expect(await balanceOf(t.app, token, mob)).toBe(10)
  })

  it('never takes a balance below zero when many redeems of one user are confirmed at once', async () => {
    const mob = await member(100)
    const requests = []
    for (let i = 0; i < 12; i++) requests.push(await ask(mob, 30))
    const answers = await Promise.all(requests.map((r) => validateRedeem(t.app, token, { redeem_id: r.id, otp: r.otp })))
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3)
    for (const r of answers.filter((a) => a.status !== 200)) expect(as<Failure>(r)).toMatchObject({ code: 60, field: 'points' })
    expect(await balanceOf(t.app, token, mob)).toBe(10)
  })

  it('answers 404 for an unknown user or request, and for another merchant’s request', async () => {
    const unknown = await requestRedeem(t.app, token, { idType: 'mob', mob: '9999999999', points: 1 })
    expect(unknown.status).toBe(404)
    expect(as<Failure>(unknown)).toMatchObject({ code: 50, field: 'mob' })

    const mob = await member(10)
    const redeem = await ask(mob, 5)
    const other = await tokenFor(t.app, await t.newClient())
    const foreign = await validateRedeem(t.app, other, { redeem_id: redeem.id, otp: redeem.otp })
    expect(foreign.status).toBe(404)
    expect(as<Failure>(foreign)).toMatchObject({ code: 51, field: 'redeem_id' })
    expect(await balanceOf(t.app, token, mob)).toBe(10)
  })

  it('names what is missing or malformed', async () => {
    const mob = await member(10)
    expect((await requestRedeem(t.app, token, { idType: 'mob', mob })).body).toMatchObject({ code: 1, field: 'points' })
    expect((await requestRedeem(t.app, token, { idType: 'email', mob, points: 1 })).body).toMatchObject({ code: 2, field: 'email' })
    expect((await validateRedeem(t.app, token, { otp: '123456' })).body).toMatchObject({ code: 1, field: 'redeem_id' })
    expect((await validateRedeem(t.app, token, { redeem_id: 1, otp: '12ab56' })).body).toMatchObject({ code: 3, field: 'otp' })
  })

  it('answers a retried confirmation with its first answer', async () => {
    const mob = await member(40)
    const redeem = await ask(mob, 15)
    const headers = { 'idempotency-key': `confirm-${redeem.id}` }
    const first = await validateRedeem(t.app, token, { redeem_id: redeem.id, otp: redeem.otp }, headers)
    const retry = await validateRedeem(t.app, token, { redeem_id: redeem.id, otp: redeem.otp }, headers)
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual(first.body)
    expect(await balanceOf(t.app, token, mob)).toBe(25)
  })
})
