import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { type AppOptions, buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { type Container, createContainer } from '../../src/container.js'
import type { ClientCredentials } from '../../src/domain/accounts/accounts.js'
import { FakeClock } from './clock.js'
import { freshDatabase, type TestDatabase, type TestDbKind } from './databases.js'

export interface TestApp {
  readonly app: FastifyInstance
  readonly container: Container
  readonly clock: FakeClock
  readonly db: TestDatabase
  /** A client of a new account, created through the same service as `punchcard clients create`. */
  newClient(accountName?: string, timeZone?: string): Promise<ClientCredentials>
  close(): Promise<void>
}

let accounts = 0

/** The real application over a fresh database, with a fake clock; requests go through `app.inject()`. */
export const createTestApp = async (kind: TestDbKind, env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> => {
  const db = freshDatabase(kind)
  const clock = new FakeClock()
  const config = loadConfig({ EXPIRY_INTERVAL_MS: '0', ...db.env, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}), ...env })
  const container = await createContainer(config, { clock })
  const app = await buildApp(container, options)
  await app.ready()
  return {
    app,
    container,
    clock,
    db,
    newClient: (accountName = `account-${process.pid}-${++accounts}`, timeZone = 'UTC') => container.auth.createClient({ accountName, timeZone }),
    async close() {
      await app.close()
      await container.close()
      await db.drop()
    },
  }
}

export type Json = Record<string, unknown>

/** A response with its JSON body parsed. */
export interface JsonResponse {
  readonly status: number
  readonly body: Json
  readonly raw: LightMyRequestResponse
}

/** Sends a request as an authenticated client would (Bearer API key, JSON body). */
export const call = async (
  app: FastifyInstance,
  method: NonNullable<InjectOptions['method']>,
  url: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse> => {
  const headers: Record<string, string> = { ...(options.headers ?? {}) }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  const request: InjectOptions = { method, url, headers }
  if (options.body !== undefined) request.payload = options.body as NonNullable<InjectOptions['payload']>
  const raw = await app.inject(request)
  const body = raw.body ? (JSON.parse(raw.body) as Json) : {}
  return { status: raw.statusCode, body, raw }
}
