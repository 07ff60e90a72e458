import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createVisitor, errorsOf, expectErrors, expectOk, listOf, newWestfieldClient, unique, visitorBody, type WestfieldClient } from './support.js'

describe.each(databaseKinds())('Westfield visitors on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
  })
  afterAll(() => t.close())

  it('registers a visitor with every documented field and reads it back', async () => {
    const body = visitorBody({
      lastVisitDate: '2017-07-24T17:32:28.000Z',
      addressCity: 'Paris',
      addressStreet: '3 rue de Paris',
      addressState: 'Texas',
      phone: '33631573042',
      mobileLocale: 'FR',
      addressZipCode: '75000',
      timezone: 'Europe/Paris',
      billingAddress: '123 Billing St',
      billingAddress2: 'Apt 4B',
      billingZipCode: '12345',
      billingCity: 'Billing City',
      billingCountryCode: 'FR',
      emailVerified: true,
      emailInvalid: false,
      phoneVerified: true,
      phoneInvalid: false,
      birthDay: 31,
      birthMonth: 8,
      birthYear: 1998,
    })
    const res = await c.post('/visitors', body)
    const created = expectOk(res, 201)
    expect(res.body.metadata).toEqual({ version: 1 })
    expect(created).toMatchObject({ ...body, lastVisitDate: '2017-07-24T17:32:28Z', accountType: 'full', creationDate: '2026-03-10T12:00:00Z' })
    expect(created.visitorId).toMatch(/^[0-9a-f-]{36}$/)
    expect(created.barcode).toMatch(/^[0-9a-f-]{36}$/)

    const read = expectOk(await c.get(`/visitors/${created.visitorId}`))
    expect(read).toEqual(created)
    const few = expectOk(await c.get(`/visitors/${created.visitorId}`, { fields: 'email,birthDay' }))
    expect(few).toEqual({ email: body.email, birthDay: 31 })
  })

  it('names every offending field of a bad visitor, and writes nothing', async () => {
    const email = `${unique('bad')}@example.com`
    const res = await c.post('/visitors', {
      firstName: 'A',
      email: 'not-an-email',
      gender: 'x',
      countryCode: 'XX',
      acquisitionPcCode: 'nope',
      birthDay: 32,
      birthMonth: 0,
      billingCountryCode: 'ZZ',
    })
    const errors = expectErrors(res, 422, ['lastName', 'email', 'gender', 'countryCode', 'acquisitionPcCode', 'birthDay', 'birthMonth', 'billingCountryCode'])
    expect(errors.every((e) => e.code === 'validation.invalid' && e.type === 'validation_error')).toBe(true)
    expect(errors.find((e) => e.field === 'gender')?.message).toBe('must be one of "m", "f", "u"')
    const list = await c.get('/visitors', { email })
    expect(listOf(list)).toEqual([])
  })

  it('refuses a second full visitor with the same email, whatever its case', async () => {
    const first = await createVisitor(c)
    const res = await c.post('/visitors', visitorBody({ email: String(first.email).toUpperCase() }))
    expect(res.status).toBe(409)
    expect(errorsOf(res)).toEqual([{ code: 'visitor.duplicate', type: 'conflict', field: 'email', message: expect.any(String) }])
  })

  it('registers a partial visitor and upgrades it when it registers in full', async () => {
    const email = `${unique('p')}@example.com`
    const partial = expectOk(
      await c.post('/visitors/partial', { firstName: 'Pat', email, countryCode: 'ES', preferredCenter: 'ES-SC-001', lastName: null, gender: null }),
      201,
    )
    expect(partial).toMatchObject({ accountType: 'partial', acquisitionPcCode: 'ES-SC-001', lastName: null, gender: null })
    t.clock.advance(1000)
    const res = await c.post('/visitors', visitorBody({ email, firstName: 'Patricia', acquisitionPcCode: 'FR-SC-123' }))
    const full = expectOk(res, 200)
    expect(full).toMatchObject({
      visitorId: partial.visitorId,
      barcode: partial.barcode,
      accountType: 'full',
      acquisitionPcCode: 'ES-SC-001',
      upgradePcCode: 'FR-SC-123',
      firstName: 'Patricia',
    })
    expect(expectErrors(await c.post('/visitors/partial', { firstName: 'P', email, countryCode: 'ES', preferredCenter: 'ES-SC-001' }), 409, ['email']))
  })

  it('updates only the fields sent, and validates them', async () => {
    const v = await createVisitor(c, { phone: '+33 6 00 00 00 01' })
    t.clock.advance(5000)
    const updated = expectOk(await c.patch(`/visitors/${v.visitorId}`, { addressCity: 'Lyon', birthYear: null, lastVisitDate: '2026-03-01T10:00:00Z' }))
    expect(updated).toMatchObject({
      ...v,
      addressCity: 'Lyon',
      lastVisitDate: '2026-03-01T10:00:00Z',
      updateDate: new Date(Date.parse(String(v.updateDate)) + 5000).toISOString().replace('.000Z', 'Z'),
    })
    expectErrors(await c.patch(`/visitors/${v.visitorId}`, { email: 'nope', gender: 'z', birthDay: 0 }), 422, ['email', 'gender', 'birthDay'])
    const other = await createVisitor(c)
    expectErrors(await c.patch(`/visitors/${v.visitorId}`, { email: other.email }), 409, ['email'])
    expect(expectOk(await c.patch(`/visitors/${v.visitorId}`, { phone: null })).phone).toBeNull()
  })

  it('answers 404 for an unknown visitor and 422 for a malformed id', async () => {
    const res = await c.get('/visitors/9b2b1d2e-0000-4000-8000-000000000000')
    expect(res.status).toBe(404)
    expect(errorsOf(res)).toEqual([{ code: 'visitor.not_found', type: 'not_found', field: 'visitorId', message: expect.any(String) }])
    expectErrors(await c.get('/visitors/not-a-uuid'), 422, ['visitorId'])
  })

  it('flags emails and phones invalid in batch, all or nothing', async () => {
    const a = await createVisitor(c)
    const b = await createVisitor(c)
    const res = await c.patch('/visitors', [
      { visitorId: a.visitorId, emailInvalid: true },
      { visitorId: b.visitorId, phoneInvalid: true },
    ])
    expect(expectOk(res)).toEqual([
      { visitorId: a.visitorId, emailInvalid: true, phoneInvalid: false },
      { visitorId: b.visitorId, emailInvalid: false, phoneInvalid: true },
    ])
    const bad = await c.patch('/visitors', [
      { visitorId: a.visitorId, emailInvalid: false },
      { visitorId: '9b2b1d2e-0000-4000-8000-000000000000', emailInvalid: true },
    ])
    expectErrors(bad, 404, ['[1].visitorId'])
    expect(expectOk(await c.get(`/visitors/${a.visitorId}`)).emailInvalid).toBe(true)
    expectErrors(await c.patch('/visitors', [{ visitorId: 'x', emailInvalid: 'maybe' }]), 422, ['[0].visitorId', '[0].emailInvalid'])
  })

  it('counts visitors by registration date, center, account and origin type', async () => {
    const other = await newWestfieldClient(t)
    t.clock.set('2026-04-01T00:00:00Z')
    await createVisitor(other, { acquisitionPcCode: 'FR-SC-900', originType: 'connect' })
    await createVisitor(other, { acquisitionPcCode: 'FR-SC-900' })
    t.clock.set('2026-04-02T00:00:00Z')
    await createVisitor(other, { acquisitionPcCode: 'FR-SC-901', originType: 'connect' })
    const count = async (params: Record<string, string>) => expectOk<{ count: number }>(await other.get('/visitors/count', params)).count
    expect(await count({})).toBe(3)
    expect(await count({ acquisitionPcCode: 'FR-SC-900' })).toBe(2)
    expect(await count({ originType: 'connect' })).toBe(2)
    expect(await count({ accountType: 'partial' })).toBe(0)
    expect(await count({ registeredSince: '2026-04-01T12:00:00Z' })).toBe(1)
    expect(await count({ registeredUntil: '2026-04-01T12:00:00Z' })).toBe(2)
  })

  it('keeps each account to its own visitors', async () => {
    const v = await createVisitor(c)
    const other = await newWestfieldClient(t)
    expect((await other.get(`/visitors/${v.visitorId}`)).status).toBe(404)
    expect((await other.patch(`/visitors/${v.visitorId}`, { firstName: 'X' })).status).toBe(404)
  })

  it('records the optins given with a registration, all or nothing', async () => {
    const v = await createVisitor(c, { optins: [{ optinChannel: 'email', optinType: 'commercial', isActive: true, clientId: 'web', contextId: 2 }] })
    const optins = listOf(await c.get(`/visitors/${v.visitorId}/optins`))
    expect(optins).toMatchObject([{ optinChannel: 'email', optinType: 'commercial', isActive: true, clientId: 'web', contextId: 2, optoutDate: null }])

    const email = `${unique('opt')}@example.com`
    expectErrors(await c.post('/visitors', visitorBody({ email, optins: [{ optinChannel: 'fax', optinType: 'commercial', isActive: 'yes' }] })), 422, [
      'optins[0].optinChannel',
      'optins[0].isActive',
    ])
    expectErrors(
      await c.post('/visitors', visitorBody({ email, optins: [{ optinChannel: 'sms', optinType: 'commercial', isActive: true, legalTextId: 999999 }] })),
      404,
      ['optins[0].legalTextId'],
    )
    expect(listOf(await c.get('/visitors', { email }))).toEqual([])
  })

  it('registers a visitor once under concurrent requests, and replays a retry with the same key', async () => {
    const body = visitorBody()
    const results = await Promise.all([1, 2, 3, 4].map(() => c.post('/visitors', body)))
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409])
    expect(listOf(await c.get('/visitors', { email: String(body.email) }))).toHaveLength(1)

    const retried = visitorBody()
    const key = { 'idempotency-key': unique('key') }
    const first = await c.post('/visitors', retried, key)
    const again = await c.post('/visitors', retried, key)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expectErrors(await c.post('/visitors', visitorBody(), key), 409, ['Idempotency-Key'])
  })

  it('needs a credential', async () => {
    const res = await call(t.app, 'GET', '/westfield/visitors')
    expect(res.status).toBe(401)
    expect(errorsOf(res)).toEqual([{ code: 'auth.unauthenticated', type: 'authentication_error', field: 'Authorization', message: expect.any(String) }])
  })
})
