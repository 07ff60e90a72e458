import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/app.js'
import { databaseKinds } from '../../support/databases.js'
import { createVisitor, expectErrors, expectOk, type Json, listOf, metadataOf, newWestfieldClient, type WestfieldClient } from './support.js'

const challengeBody = (overrides: Json = {}): Json => ({
  pcCode: 'FR-SC-123',
  genericName: 'challenge Les 4 Temps',
  type: 'step_counter',
  startDate: '2026-03-01T00:00:00.000Z',
  endDate: '2026-03-31T00:00:00.000Z',
  timezone: 'Europe/Paris',
  winnerNumber: 1,
  rewardExpirationSeconds: 86400,
  status: 'active',
  displayName: [{ localeCode: 'fr-FR', value: 'La Bonne Excuse' }],
  description: [{ localeCode: 'fr-FR', value: 'Marchez' }],
  rewardDetail: [{ localeCode: 'fr-FR', value: 'Un café' }],
  ...overrides,
})

describe.each(databaseKinds())('Westfield challenges and articles on %s', (kind) => {
  let t: TestApp
  let c: WestfieldClient
  beforeAll(async () => {
    t = await createTestApp(kind)
    c = await newWestfieldClient(t)
  })
  afterAll(() => t.close())

  const newChallenge = async (overrides: Json = {}) => expectOk<Json & { challengeId: number }>(await c.post('/challenges', challengeBody(overrides)), 201)

  it('creates a challenge with its translations, reads, lists and filters it', async () => {
    const ch = await newChallenge({ status: 'draft', pcCode: 'FR-SC-777' })
    expect(ch).toMatchObject({
      pcCode: 'FR-SC-777',
      type: 'step_counter',
      startDate: '2026-03-01T00:00:00.000Z',
      winnerNumber: 1,
      status: 'draft',
      displayName: [{ localeCode: 'fr-FR', value: 'La Bonne Excuse', type: 'displayName', creationDate: '2026-03-10T12:00:00Z' }],
      createdAt: '2026-03-10T12:00:00.000Z',
    })
    expect(expectOk<Json>(await c.get(`/challenges/${ch.challengeId}`))).toEqual(ch)
    expect(listOf<Json>(await c.get('/challenges', { pcCode: 'FR-SC-777', status: 'draft' })).map((x) => x.challengeId)).toEqual([ch.challengeId])
    expect(listOf<Json>(await c.get('/challenges', { pcCode: 'FR-SC-777', status: 'active' }))).toEqual([])
    expect(listOf<Json>(await c.get('/challenges', { pcCode: 'FR-SC-777', startDate: '2026-03-02T00:00:00Z' }))).toEqual([])
    expectErrors(await c.post('/challenges', challengeBody({ type: 'quiz', winnerNumber: -1 })), 422, ['type', 'winnerNumber'])
    expectErrors(await c.post('/challenges', challengeBody({ endDate: '2026-02-01T00:00:00Z' })), 422, ['endDate'])
    expectErrors(await c.post('/challenges', challengeBody({ status: 'archived' })), 409, ['status'])
  })

  it('follows the lifecycle draft, ready, active, ended, archived and refuses other steps', async () => {
    const ch = await newChallenge({ status: 'draft' })
    const path = `/challenges/${ch.challengeId}`
    expectErrors(await c.patch(path, { status: 'active' }), 409, ['status'])
    expect(expectOk<Json>(await c.patch(path, { status: 'ready' })).status).toBe('ready')
    expect(expectOk<Json>(await c.patch(path, { status: 'draft' })).status).toBe('draft')
    expect(expectOk<Json>(await c.patch(path, { status: 'ready', genericName: 'Renamed' }))).toMatchObject({ status: 'ready', genericName: 'Renamed' })
    expect(expectOk<Json>(await c.patch(path, { status: 'active' })).status).toBe('active')
    expectErrors(await c.patch(path, { status: 'draft' }), 409, ['status'])
    expect(expectOk<Json>(await c.patch(path, { status: 'ended' })).status).toBe('ended')
    expect(expectOk<Json>(await c.patch(path, { status: 'archived' })).status).toBe('archived')
    expectErrors(await c.patch(path, { status: 'active' }), 409, ['status'])
  })

  it('updates translations per locale, keeping the dates of unchanged ones', async () => {
    const ch = await newChallenge()
    t.clock.advance(60_000)
    const updated = expectOk<Json & { displayName: Json[] }>(
      await c.patch(`/challenges/${ch.challengeId}`, {
        displayName: [
          { localeCode: 'fr-FR', value: 'La Bonne Excuse' },
          { localeCode: 'en-GB', value: 'The Good Excuse' },
        ],
      }),
    )
    expect(updated.displayName.map((d) => [d.localeCode, d.updateDate])).toEqual([
      ['fr-FR', '2026-03-10T12:00:00Z'],
      ['en-GB', '2026-03-10T12:01:00Z'],
    ])
    expect(updated.description).toEqual(ch.description)
    expectErrors(
      await c.patch(`/challenges/${ch.challengeId}`, {
        rewardDetail: [
          { localeCode: 'fr-FR', value: 'a' },
          { localeCode: 'fr-FR', value: 'b' },
        ],
      }),
      422,
      ['rewardDetail[1].localeCode'],
    )
  })

  it('registers visitors, logs points while the challenge runs, updates and deletes a participation', async () => {
    t.clock.set('2026-03-10T12:00:00Z')
    const ch = await newChallenge()
    const v = (await createVisitor(c)).visitorId
    const p = expectOk<Json>(await c.post(`/visitors/${v}/challenges`, { challengeId: ch.challengeId }), 201)
    expect(p).toMatchObject({
      visitorId: v,
      challengeId: ch.challengeId,
      points: 0,
      totalEntryCount: 0,
      rewardUnlocked: false,
      registeredDate: '2026-03-10T12:00:00Z',
    })
    expectErrors(await c.post(`/visitors/${v}/challenges`, { challengeId: ch.challengeId }), 409, ['challengeId'])
    expectErrors(await c.post(`/visitors/${v}/challenges`, { challengeId: 999999 }), 404, ['challengeId'])
    const points = `/visitors/${v}/challenges/${p.visitorChallengeId}/points`
    await Promise.all([100, 200, 300, 400, 500].map((n) => c.post(points, { points: n })))
    const after = expectOk<Json>(await c.post(points, { points: 1 }))
    expect(after).toMatchObject({ points: 1501, totalEntryCount: 6, lastEntryDate: '2026-03-10T12:00:00Z' })
    expectErrors(await c.post(points, { points: 0 }), 422, ['points'])
    const patched = expectOk<Json>(await c.patch(`/visitors/${v}/challenges/${p.visitorChallengeId}`, { bonusEntryCount: 2, rewardReceived: true }))
    expect(patched).toMatchObject({ bonusEntryCount: 2, rewardReceived: true, points: 1501 })
    expect(listOf<Json>(await c.get(`/visitors/${v}/challenges`, { pcCode: 'FR-SC-123' })).map((x) => x.visitorChallengeId)).toEqual([p.visitorChallengeId])
    expect(listOf<Json>(await c.get(`/visitors/${v}/challenges`, { pcCode: 'FR-SC-999' }))).toEqual([])
    expect(listOf<Json>(await c.get(`/visitors/${v}/challenges`, { registerDateSince: '2026-03-11T00:00:00Z' }))).toEqual([])
    const ranking = listOf<Json>(await c.get(`/visitors/${v}/rankings`))[0]
    expect(ranking).toMatchObject({ visitorRankingPosition: 1, canLogPoints: true, bonusActivatedToday: true, challenge: { challengeId: ch.challengeId } })
    t.clock.set('2026-04-01T00:00:00Z')
    expectErrors(await c.post(points, { points: 5 }), 409, ['points'])
    expect(listOf<Json>(await c.get(`/visitors/${v}/rankings`))[0]).toMatchObject({ canLogPoints: false, bonusActivatedToday: false })
    expect((await c.delete(`/visitors/${v}/challenges/${p.visitorChallengeId}`)).status).toBe(204)
    expect(listOf<Json>(await c.get(`/visitors/${v}/challenges`))).toEqual([])
    t.clock.set('2026-03-10T12:00:00Z')
  })

  it('refuses to terminate before the end date unless told to ignore it, and only an active challenge', async () => {
    const ch = await newChallenge({ status: 'ready' })
    expectErrors(await c.post(`/challenges/${ch.challengeId}/terminate`, { ignoreEndDate: true }), 409, ['status'])
    await c.patch(`/challenges/${ch.challengeId}`, { status: 'active' })
    expectErrors(await c.post(`/challenges/${ch.challengeId}/terminate`, { ignoreEndDate: false }), 409, ['ignoreEndDate'])
    expectErrors(await c.post(`/challenges/${ch.challengeId}/terminate`, {}), 422, ['ignoreEndDate'])
    const ended = expectOk<Json>(await c.post(`/challenges/${ch.challengeId}/terminate`, { ignoreEndDate: true }))
    expect(ended).toMatchObject({ status: 'ended', winners: [] })
    expectErrors(await c.post(`/challenges/${ch.challengeId}/terminate`, { ignoreEndDate: true }), 409, ['status'])
  })

  it('ranks 1,000 visitors with ties sharing a position, and terminates with the winnerNumber best', { timeout: 240_000 }, async () => {
    const ch = await newChallenge({ winnerNumber: 5, rewardExpirationSeconds: 3600 })
    const n = 1000
    const visitors: string[] = []
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => createVisitor(c, { firstName: 'Runner', lastName: 'Zed' })))
      visitors.push(...batch.map((v) => v.visitorId))
    }
    // Visitor i scores (i mod 250) * 10: every score is shared by four visitors. Among equals,
    // the one who reached the score first (earlier lastEntryDate) is listed first.
    const points = (i: number) => (i % 250) * 10
    const entry = (i: number) => new Date(Date.parse('2026-03-05T00:00:00Z') + (n - i) * 1000).toISOString()
    const ids: number[] = []
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(
        visitors.slice(i, i + 50).map(async (v, k) => {
          const p = expectOk<{ visitorChallengeId: number }>(await c.post(`/visitors/${v}/challenges`, { challengeId: ch.challengeId }), 201)
          expectOk(await c.patch(`/visitors/${v}/challenges/${p.visitorChallengeId}`, { points: points(i + k), lastEntryDate: entry(i + k) }))
          return p.visitorChallengeId
        }),
      )
      ids.push(...batch)
    }
    const expectedPosition = (i: number) => 1 + visitors.filter((_, j) => points(j) > points(i)).length

    for (const i of [999, 749, 499, 249, 0, 500]) {
      const ranking = listOf<Json>(await c.get(`/visitors/${visitors[i]}/rankings`))[0]
      expect(ranking?.visitorRankingPosition).toBe(expectedPosition(i))
    }
    // The top four share the first place; the next four the fifth.
    const top = listOf<Json & { topRanking: Json[]; otherRanking: Json[] }>(await c.get(`/visitors/${visitors[0]}/rankings`))[0]
    expect(top?.topRanking).toEqual([
      { position: 1, name: 'Runner Z.', points: '2490', isVisitorRank: false },
      { position: 1, name: 'Runner Z.', points: '2490', isVisitorRank: false },
      { position: 1, name: 'Runner Z.', points: '2490', isVisitorRank: false },
    ])
    // Visitor 0 reached 0 points last of the four with 0: the rows around it end the ranking.
    expect(top?.otherRanking.map((r) => [r.position, r.points, r.isVisitorRank])).toEqual([
      [993, '10', false],
      [997, '0', false],
      [997, '0', false],
      [997, '0', false],
      [997, '0', true],
    ])

    // The leaderboard around visitor 510, who has 100 points.
    const board = await c.get(`/visitors/${visitors[510]}/challenges/leaderboard`, { challengeId: ch.challengeId, limit: 9 })
    expect(metadataOf(board).total).toBe(n)
    const rows = listOf<{ position: number; points: number; visitorId: string; isVisitorRank: boolean }>(board)
    expect(rows).toHaveLength(9)
    expect(rows.filter((r) => r.isVisitorRank).map((r) => r.visitorId)).toEqual([visitors[510]])
    for (const r of rows) expect(r.position).toBe(1 + visitors.filter((_, j) => points(j) > r.points).length)
    // Equal points: the earliest entry first (visitor 760 logged before 510, 260 and 10).
    const tied = rows.filter((r) => r.points === 100).map((r) => r.visitorId)
    expect(tied).toEqual([visitors[760], visitors[510], visitors[260], visitors[10]])
    const positions = rows.map((r) => r.position)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)

    const ended = expectOk<{ winners: Json[]; status: string }>(await c.post(`/challenges/${ch.challengeId}/terminate`, { ignoreEndDate: true }))
    expect(ended.status).toBe('ended')
    // Five winners: the four tied at 2490 (earliest first) and the earliest of the four at 2480.
    expect(ended.winners.map((w) => w.visitorId)).toEqual([visitors[999], visitors[749], visitors[499], visitors[249], visitors[998]])
    expect(ended.winners.every((w) => w.rewardUnlocked === true && w.rewardExpirationDate === '2026-03-10T13:00:00Z')).toBe(true)
    const unlocked = await c.get(`/challenges/${ch.challengeId}/visitor-challenges`, { rewardUnlocked: true, sort: '-points,lastEntryDate' })
    expect(metadataOf(unlocked).total).toBe(5)
    expect(metadataOf(await c.get(`/challenges/${ch.challengeId}/visitor-challenges`, { rewardUnlocked: false })).total).toBe(n - 5)
    expect(ids).toHaveLength(n)
  })

  describe('articles', () => {
    it('creates, reads, updates and filters articles by status and publish date', async () => {
      const own = await newWestfieldClient(t)
      const a = expectOk<Json>(
        await own.post('/articles', {
          genericName: 'Spring sale',
          mainImageUrl: 'https://img.example/a.png',
          status: 'published',
          publishDate: '2023-09-15T10:00:00Z',
          title: [{ localeCode: 'fr-FR', value: 'Soldes' }],
          content: [{ localeCode: 'fr-FR', value: 'Tout à -50%' }],
        }),
        201,
      )
      expect(a).toMatchObject({
        genericName: 'Spring sale',
        status: 'published',
        publishDate: '2023-09-15T10:00:00Z',
        title: [{ localeCode: 'fr-FR', value: 'Soldes' }],
      })
      const b = expectOk<Json>(
        await own.post('/articles', { genericName: 'Draft', mainImageUrl: 'x', status: 'draft', publishDate: '2023-10-01T23:30:00Z' }),
        201,
      )
      expect(b).toMatchObject({ title: [], content: [] })
      expect(expectOk<Json>(await own.get(`/articles/${a.articleId}`))).toEqual(a)
      const ids = (res: Awaited<ReturnType<WestfieldClient['get']>>) => listOf<Json>(res).map((x) => x.articleId)
      expect(ids(await own.get('/articles', { status: 'draft' }))).toEqual([b.articleId])
      expect(ids(await own.get('/articles', { publishDateSince: '2023-09-01', publishDateUntil: '2023-10-01' }))).toEqual([a.articleId, b.articleId])
      expect(ids(await own.get('/articles', { publishDateUntil: '2023-09-30' }))).toEqual([a.articleId])
      expect(ids(await own.get('/articles', { publishDateSince: '2023-09-16T00:00:00Z' }))).toEqual([b.articleId])
      expect(ids(await own.get('/articles', { sort: '-publishDate' }))).toEqual([b.articleId, a.articleId])
      expectErrors(await own.get('/articles', { publishDateSince: 'last week', status: 'gone' }), 422, ['publishDateSince', 'status'])
      const updated = expectOk<Json>(
        await own.patch(`/articles/${b.articleId}`, {
          status: 'ready',
          title: [{ localeCode: 'en-GB', value: 'Hello' }],
          mainImageUrl: 'https://img.example/b.png',
        }),
      )
      expect(updated).toMatchObject({
        status: 'ready',
        genericName: 'Draft',
        mainImageUrl: 'https://img.example/b.png',
        title: [{ localeCode: 'en-GB', value: 'Hello' }],
      })
      expectErrors(await own.get('/articles/999999'), 404, ['articleId'])
      expectErrors(await own.post('/articles', { genericName: 'x' }), 422, ['mainImageUrl', 'status', 'publishDate'])
    })
  })
})
