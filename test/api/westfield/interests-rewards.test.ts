import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createVisitor, expectErrors, expectOk, type Json, listOf, type WestfieldClient, westfieldClient } from './support.js'

describe.each(databaseKinds())('Westfield interests and rewards on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient
  let accountId: number
  beforeAll(async () => {
    t = await createTestApp(kind)
    const client = await t.newClient()
    accountId = client.accountId
    c = westfieldClient(t, client.apiKey)
  })
  afterAll(() => t.close())

  describe('interests', () => {
    it('creates, lists, reads and deletes interests, one per external id', async () => {
      const v = (await createVisitor(c)).visitorId
      const i = expectOk<Json>(await c.post(`/visitors/${v}/interests`, { externalId: 'fashion', label: 'Fashion' }), 201)
      expect(i).toMatchObject({ visitorId: v, externalId: 'fashion', label: 'Fashion', interestId: expect.any(Number) })
      expectErrors(await c.post(`/visitors/${v}/interests`, { externalId: 'fashion', label: 'Again' }), 409, ['externalId'])
      expectErrors(await c.post(`/visitors/${v}/interests`, { externalId: '' }), 422, ['externalId', 'label'])
      expect(expectOk<Json>(await c.get(`/visitors/${v}/interests/${i.interestId}`))).toEqual(i)
      expect(listOf<Json>(await c.get(`/visitors/${v}/interests`))).toEqual([i])
      expect((await c.delete(`/visitors/${v}/interests/${i.interestId}`)).status).toBe(204)
      expectErrors(await c.get(`/visitors/${v}/interests/${i.interestId}`), 404, ['interestId'])
    })

    it('replaces the list in a batch: kept ids stay, missing ones go, new ones come', async () => {
      const v = (await createVisitor(c)).visitorId
      const food = expectOk<Json>(await c.post(`/visitors/${v}/interests`, { externalId: 'food', label: 'Food' }), 201)
      await c.post(`/visitors/${v}/interests`, { externalId: 'sport', label: 'Sport' })
      t.clock.advance(1000)
      const replaced = expectOk<Json[]>(
        await c.put(`/visitors/${v}/interests`, [
          { externalId: 'food', label: 'Food & drinks' },
          { externalId: 'cinema', label: 'Cinema' },
        ]),
      )
      expect(replaced.map((x) => [x.externalId, x.label])).toEqual([
        ['food', 'Food & drinks'],
        ['cinema', 'Cinema'],
      ])
      expect(replaced[0]).toMatchObject({ interestId: food.interestId, creationDate: food.creationDate })
      expect(listOf<Json>(await c.get(`/visitors/${v}/interests`, { sort: 'externalId' })).map((x) => x.externalId)).toEqual(['cinema', 'food'])
      expectErrors(
        await c.put(`/visitors/${v}/interests`, [
          { externalId: 'a', label: 'A' },
          { externalId: 'a', label: 'B' },
        ]),
        422,
        ['[1].externalId'],
      )
      expectErrors(await c.put(`/visitors/${v}/interests`, [{ externalId: 'a' }]), 422, ['[0].label'])
      expect(listOf<Json>(await c.get(`/visitors/${v}/interests`))).toHaveLength(2)
      expect(expectOk<Json[]>(await c.put(`/visitors/${v}/interests`, []))).toEqual([])
      expect(listOf<Json>(await c.get(`/visitors/${v}/interests`))).toEqual([])
    })
  })

  describe('rewards', () => {
    const reward = (overrides: Json = {}): Json => ({
      pcCode: 'FR-SC-123',
      startDate: '2026-01-01T00:00:00Z',
      balance: 31.4,
      outsideOptin: false,
      threshold: 50,
      ...overrides,
    })

    it('keeps the balance on the shared ledger and reports conversion against the threshold', async () => {
      const visitor = await createVisitor(c)
      const v = visitor.visitorId
      const r = expectOk<Json>(await c.post(`/visitors/${v}/rewards`, reward({ isScan: true, upgradedFrom: 'ios' })), 201)
      expect(r).toMatchObject({
        visitorId: v,
        pcCode: 'FR-SC-123',
        balance: 31.4,
        threshold: 50,
        isConverted: false,
        isScan: true,
        isBank: false,
        upgradedFrom: 'ios',
      })
      const raised = expectOk<Json>(await c.patch(`/visitors/${v}/rewards/${r.rewardId}`, { outsideOptin: true, balance: 50 }))
      expect(raised).toMatchObject({ balance: 50, isConverted: true, outsideOptin: true })
      const lowered = expectOk<Json>(await c.patch(`/visitors/${v}/rewards/${r.rewardId}`, { outsideOptin: true, balance: 12.25 }))
      expect(lowered).toMatchObject({ balance: 12.25, isConverted: false })
      expect(expectOk<Json>(await c.get(`/visitors/${v}/rewards/${r.rewardId}`)).balance).toBe(12.25)

      const history = await t.container.ledger.history(accountId, { kind: 'email', value: String(visitor.email) }, { page: 1, perPage: 10 })
      expect(history.items.map((e) => e.entry.amount)).toEqual([-3775, 1860, 3140])
      expect(history.items.every((e) => e.unit.name === 'REWARD:FR-SC-123')).toBe(true)
      expect((await t.container.ledger.check()).mismatches).toEqual([])
    })

    it('keeps one reward per visitor and center, with its own balance per center', async () => {
      const v = (await createVisitor(c)).visitorId
      const a = expectOk<Json>(await c.post(`/visitors/${v}/rewards`, reward({ pcCode: 'FR-SC-1', balance: 5 })), 201)
      const b = expectOk<Json>(await c.post(`/visitors/${v}/rewards`, reward({ pcCode: 'FR-SC-2', balance: 7 })), 201)
      expectErrors(await c.post(`/visitors/${v}/rewards`, reward({ pcCode: 'FR-SC-1' })), 409, ['pcCode'])
      expect(listOf<Json>(await c.get(`/visitors/${v}/rewards`)).map((x) => [x.pcCode, x.balance])).toEqual([
        ['FR-SC-1', 5],
        ['FR-SC-2', 7],
      ])
      expect(listOf<Json>(await c.get(`/visitors/${v}/rewards`, { pcCode: 'FR-SC-2' })).map((x) => x.rewardId)).toEqual([b.rewardId])
      expectErrors(await c.get(`/visitors/${(await createVisitor(c)).visitorId}/rewards/${a.rewardId}`), 404, ['rewardId'])
    })

    it('refuses negative balances, three decimals and missing required fields, writing nothing', async () => {
      const v = (await createVisitor(c)).visitorId
      expectErrors(await c.post(`/visitors/${v}/rewards`, reward({ balance: -1, threshold: 'x' })), 422, ['balance', 'threshold'])
      expectErrors(await c.post(`/visitors/${v}/rewards`, reward({ balance: 1.005 })), 422, ['balance'])
      expectErrors(await c.post(`/visitors/${v}/rewards`, { balance: 1 }), 422, ['pcCode', 'startDate', 'outsideOptin', 'threshold'])
      expect(listOf<Json>(await c.get(`/visitors/${v}/rewards`))).toEqual([])
    })

    it('applies concurrent balance changes one after the other, and creates one reward when two race', async () => {
      const v = (await createVisitor(c)).visitorId
      const created = await Promise.all([1, 2, 3, 4].map(() => c.post(`/visitors/${v}/rewards`, reward({ pcCode: 'FR-SC-9', balance: 1 }))))
      expect(created.map((r) => r.status).sort()).toEqual([201, 409, 409, 409])
      const id = created.find((r) => r.status === 201)?.body.data as Json
      const targets = [10, 20, 30, 40, 50, 60]
      const results = await Promise.all(targets.map((b) => c.patch(`/visitors/${v}/rewards/${id.rewardId}`, { outsideOptin: false, balance: b })))
      expect(results.every((r) => r.status === 200)).toBe(true)
      const final = expectOk<Json>(await c.get(`/visitors/${v}/rewards/${id.rewardId}`)).balance
      expect(targets).toContain(final)
      expect((await t.container.ledger.check()).mismatches).toEqual([])
    })

    it('replays a creation sent again with the same Idempotency-Key', async () => {
      const v = (await createVisitor(c)).visitorId
      const first = await c.post(`/visitors/${v}/rewards`, reward({ pcCode: 'FR-SC-7' }), { 'Idempotency-Key': 'reward-7' })
      const again = await c.post(`/visitors/${v}/rewards`, reward({ pcCode: 'FR-SC-7' }), { 'Idempotency-Key': 'reward-7' })
      expect(again.status).toBe(201)
      expect(again.body).toEqual(first.body)
      expect(listOf<Json>(await c.get(`/visitors/${v}/rewards`))).toHaveLength(1)
    })
  })
})
