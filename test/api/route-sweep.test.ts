import { randomUUID } from 'node:crypto'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorTable as leatErrors } from '../../src/api/leat/errors.js'
import { errorTable as pegkeErrors } from '../../src/api/pegke/errors.js'
import { call, createTestApp, type JsonResponse, type TestApp } from '../support/app.js'
import { databaseKinds } from '../support/databases.js'
import { createCard, createProgram } from './leat/money-support.js'
import { createShop, dataOf, leat, newLeatClient } from './leat/support.js'
import { createCenter, createVisitor, westfieldClient } from './westfield/support.js'

interface Route {
  readonly method: string
  readonly url: string
}

/** Routes that need no API credential, each for a reason. */
const PUBLIC: readonly { readonly url: RegExp; readonly why: string }[] = [
  { url: /^\/health(\/|$)/, why: 'probes of the process, for load balancers' },
  { url: /\/openapi\.json$/, why: 'the API documents are public' },
  {
    url: /^\/(msloyalty\/oauth\/token|leat\/oauth\/token|pegke\/oauth2\/(token|invalidate_token))$/,
    why: 'token endpoints authenticate the client by its secret',
  },
  { url: /^\/portal-sessions(\/|$)/, why: "the kiosk page and its endpoints are authorised by the portal session's own uuid" },
  { url: /^\/pegke\/realtime\/store$/, why: 'the WebSocket stream authenticates in its upgrade, tested in realtime.test.ts' },
]

/** Query parameters a route requires before it looks anything up. */
const REQUIRED_QUERY: Readonly<Record<string, string>> = {
  '/westfield/visitors/:visitorId/event-token': 'companyId=1',
  '/westfield/visitors/:visitorId/parking-histories/summary': 'timezone=UTC',
  '/westfield/visitors/:visitorId/optins': 'optinType=commercial&optinChannel=email',
  '/westfield/visitors/:visitorId/challenges/leaderboard': 'challengeId=1',
}

const dialectOf = (url: string) => url.split('/')[1] ?? ''

/** What each dialect answers a request without a credential. */
const expectUnauthenticated = (route: Route, res: JsonResponse) => {
  const label = `${route.method} ${route.url}`
  expect(res.status, label).toBe(401)
  const body = res.body
  switch (dialectOf(route.url)) {
    case 'msloyalty':
      return expect(body, label).toMatchObject({ code: 401, status: 'error', message: 'Unauthenticated' })
    case 'leat':
      return expect(body, label).toMatchObject({ status_code: 401, error: 'invalid_token' })
    case 'pegke':
      return expect(body, label).toMatchObject({ code: 89 })
    case 'westfield':
      return expect(body, label).toMatchObject({ errors: [expect.objectContaining({ type: 'authentication_error' })] })
    default:
      throw new Error(`${label}: no dialect for this route`)
  }
}

/** The numeric codes a dialect answers for something that is not there. */
const notFoundCodes = (table: Readonly<Record<string, { code?: number }>>): number[] =>
  Object.entries(table)
    .filter(([code]) => code.endsWith('not_found'))
    .flatMap(([, row]) => (row.code === undefined ? [] : [row.code]))

/** Whether an answer is the dialect's own not-found (what a record of another account must look like). */
const isNotFound = (url: string, res: JsonResponse): boolean => {
  const body = res.body
  switch (dialectOf(url)) {
    case 'msloyalty':
      return res.status === 404 && body.code === 404 && body.message === '404 Not Found'
    case 'leat':
      return notFoundCodes(leatErrors).includes(body.code as number)
    case 'pegke':
      return res.status === 404 && notFoundCodes(pegkeErrors).includes(body.code as number)
    case 'westfield':
      return res.status === 404 && Array.isArray(body.errors) && (body.errors as { type?: string }[]).some((e) => e.type === 'not_found')
    default:
      return false
  }
}

describe.each(databaseKinds())('every route of every dialect (%s)', (kind) => {
  let t: TestApp
  const routes: Route[] = []
  /** A record of account A for each path parameter that names one. */
  let ofA: Record<string, string>
  let tokenA: string
  let tokenB: string

  beforeAll(async () => {
    t = await createTestApp(
      kind,
      {},
      {
        onRoute: ({ method, url }) => {
          for (const m of typeof method === 'string' ? [method] : method) if (m !== 'HEAD' && m !== 'OPTIONS') routes.push({ method: m, url })
        },
      },
    )
    const a = await newLeatClient(t)
    tokenA = a.token
    const shop = await createShop(t, a.accountId, 'Shop of A')
    const program = await createProgram(t, a.token)
    const card = await createCard(t, a.token, program, shop.uuid, 500)
    const contact = await t.container.directory.create({ accountId: a.accountId }, { email: `a-${randomUUID()}@example.com` })
    const wf = westfieldClient(t, a.token)
    const visitor = await createVisitor(wf)
    const center = await createCenter(wf)
    ofA = {
      visitorId: visitor.visitorId,
      pcCode: center.pcCode,
      contact_uuid: contact.contact.uuid,
      shop_uuid: shop.uuid,
      giftcard_uuid: card.uuid,
      hash: card.hash,
      giftcard_program_uuid: program,
      externalType: 'crm_id',
      localeCode: 'fr',
      guid: 'session-of-a',
    }
    tokenB = (await t.newClient()).apiKey
  })
  afterAll(() => t.close())

  const isPublic = (route: Route) => PUBLIC.some((p) => p.url.test(route.url))
  /** A path with each parameter filled with account A's record, or a well-formed id that no one of B has. */
  const pathOf = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => ofA[name] ?? (name.endsWith('uuid') || name === 'uuid' ? randomUUID() : '1'))

  const send = (route: Route, token: string | null): Promise<JsonResponse> =>
    call(
      t.app,
      route.method as NonNullable<InjectOptions['method']>,
      `${pathOf(route.url)}${REQUIRED_QUERY[route.url] ? `?${REQUIRED_QUERY[route.url]}` : ''}`,
      {
        token,
        ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { body: {} } : {}),
      },
    )

  it('finds the routes of all four dialects', () => {
    const dialects = new Set(routes.filter((r) => !isPublic(r)).map((r) => dialectOf(r.url)))
    expect([...dialects].sort()).toEqual(['leat', 'msloyalty', 'pegke', 'westfield'])
    expect(routes.length).toBeGreaterThan(150)
  })

  it('answers 401 in its dialect’s format to every request without a credential', async () => {
    for (const route of routes.filter((r) => !isPublic(r))) expectUnauthenticated(route, await send(route, null))
  })

  it('answers its dialect’s not-found to a read or delete of another account’s record', async () => {
    const byId = routes.filter((r) => !isPublic(r) && r.url.includes('/:') && (r.method === 'GET' || r.method === 'DELETE'))
    expect(byId.length).toBeGreaterThan(40)
    const wrong: string[] = []
    for (const route of byId) {
      const res = await send(route, tokenB)
      if (!isNotFound(route.url, res)) wrong.push(`${route.method} ${route.url}: ${res.status} ${JSON.stringify(res.body)}`)
    }
    expect(wrong).toEqual([])
  })

  it('never answers a write naming another account’s record with success or a server error', async () => {
    const writes = routes.filter((r) => !isPublic(r) && r.url.includes('/:') && ['POST', 'PUT', 'PATCH'].includes(r.method))
    const wrong: string[] = []
    for (const route of writes) {
      const res = await send(route, tokenB)
      if (res.status < 400 || res.status >= 500) wrong.push(`${route.method} ${route.url}: ${res.status} ${JSON.stringify(res.body)}`)
    }
    expect(wrong).toEqual([])
  })

  it('leaves account A’s records as they were: B’s deletes and writes reached none of them', async () => {
    const wf = westfieldClient(t, tokenA)
    expect((await wf.get(`/visitors/${ofA.visitorId}`)).status).toBe(200)
    expect((await wf.get(`/centers/${ofA.pcCode}`)).status).toBe(200)
    const card = await leat(t.app, 'GET', `/giftcards/${ofA.giftcard_uuid}`, { token: tokenA })
    expect(dataOf<{ amount_in_cents: number }>(card).amount_in_cents).toBe(500)
    expect((await leat(t.app, 'GET', `/contacts/${ofA.contact_uuid}`, { token: tokenA })).status).toBe(200)
  })
})
