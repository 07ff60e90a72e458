import type { FastifyInstance, InjectOptions } from 'fastify'
import qs from 'qs'
import type { Shop } from '../../../src/domain/contacts/contacts.js'
import { call, type Json, type JsonResponse, type TestApp } from '../../support/app.js'

/** Where Leat's resources live; the token endpoint is `/leat/oauth/token`. */
export const BASE = '/leat/api/v3/oauth/clients'

type Method = NonNullable<InjectOptions['method']>

/**
 * What Leat's PHP SDK sends for a body: `http_build_query` form encoding,
 * booleans as `1`/`0`, nulls left out, nested fields as `a[b]=c`.
 */
export const toForm = (body: Record<string, unknown>): string => {
  const php = (value: unknown): unknown => {
    if (typeof value === 'boolean') return value ? '1' : '0'
    if (Array.isArray(value)) return value.filter((v) => v !== null).map(php)
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, php(v)]),
      )
    }
    return value
  }
  return qs.stringify(php(body), { arrayFormat: 'indices' })
}

export interface LeatRequest {
  readonly token?: string | null
  readonly body?: Record<string, unknown>
  /** Send the body form-encoded, as the PHP SDK does, instead of JSON. */
  readonly form?: boolean
  readonly headers?: Record<string, string>
}

/** A request to a Leat resource path (relative to `BASE`), authenticated with `token`. */
export const leat = (app: FastifyInstance, method: Method, path: string, options: LeatRequest = {}): Promise<JsonResponse> => {
  const url = path.startsWith('/leat') ? path : `${BASE}${path}`
  const headers = { accept: 'application/json', ...(options.headers ?? {}) }
  if (options.form && options.body !== undefined) {
    return call(app, method, url, {
      token: options.token ?? null,
      body: toForm(options.body),
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    })
  }
  return call(app, method, url, { token: options.token ?? null, headers, ...(options.body !== undefined ? { body: options.body } : {}) })
}

/** Runs a test body once with a JSON body and once form-encoded. */
export const encodings = [
  { name: 'JSON', form: false },
  { name: 'form-encoded', form: true },
] as const

export const dataOf = <T = Json>(res: JsonResponse): T => res.body.data as T

/** The Leat error fields of an answer. */
export const errorOf = (res: JsonResponse) => ({
  status: res.status,
  code: res.body.code as number,
  message: res.body.message as string,
  statusCode: res.body.status_code as number,
  errors: (res.body.errors ?? {}) as Record<string, string[]>,
})

/** Leat's date rendering: `2023-10-19T15:11:13+00:00`. */
export const LEAT_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/

/** A client of a new account with its API key (Leat's personal access token). */
export const newLeatClient = async (t: TestApp, accountName?: string) => {
  const credentials = await t.newClient(accountName)
  return { ...credentials, token: credentials.apiKey }
}

/** Shops are registered by the operator (or by another dialect); Leat only reads them. */
export const createShop = (t: TestApp, accountId: number, name: string, reference: string | null = null): Promise<Shop> =>
  t.container.uow.run((tx) => tx.shops.create({ accountId, externalId: reference, name, now: t.clock.now() }))
