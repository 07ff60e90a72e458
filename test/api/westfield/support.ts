import type { InjectOptions } from 'fastify'
import { expect } from 'vitest'
import { call, type JsonResponse, type TestApp } from '../../support/app.js'

export type Json = Record<string, unknown>
type Method = NonNullable<InjectOptions['method']>

export interface ErrorEntry {
  code: string
  type: string
  field: string
  message: string
}
export interface ListMetadata {
  version: 1
  total: number
  _links: { self: string; next?: string; prev?: string }
}

/** A client of the Westfield API for one account: paths are relative to `/westfield`. */
export interface WestfieldClient {
  readonly token: string
  request(method: Method, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse>
  get(path: string, params?: Record<string, string | number | boolean>): Promise<JsonResponse>
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse>
  put(path: string, body?: unknown): Promise<JsonResponse>
  patch(path: string, body?: unknown): Promise<JsonResponse>
  delete(path: string, params?: Record<string, string | number | boolean>): Promise<JsonResponse>
}

export const withQuery = (path: string, params: Record<string, string | number | boolean> = {}): string => {
  const entries = Object.entries(params)
  if (entries.length === 0) return path
  return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)]))}`
}

export const westfieldClient = (t: TestApp, token: string): WestfieldClient => {
  const request = (method: Method, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(t.app, method, `/westfield${path}`, { token, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) })
  return {
    token,
    request,
    get: (path, params) => request('GET', withQuery(path, params)),
    post: (path, body, headers) => request('POST', path, body ?? {}, headers),
    put: (path, body) => request('PUT', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    delete: (path, params) => request('DELETE', withQuery(path, params)),
  }
}

/** A client of a new account. */
export const newWestfieldClient = async (t: TestApp): Promise<WestfieldClient> => westfieldClient(t, (await t.newClient()).apiKey)

export const dataOf = <T = Json>(res: JsonResponse): T => res.body.data as T
export const listOf = <T = Json>(res: JsonResponse): T[] => res.body.data as T[]
export const metadataOf = (res: JsonResponse): ListMetadata => res.body.metadata as ListMetadata
export const errorsOf = (res: JsonResponse): ErrorEntry[] => (res.body.errors as ErrorEntry[] | undefined) ?? []

/** Asserts a success status and returns the `data` of the answer. */
export const expectOk = <T = Json>(res: JsonResponse, status = 200): T => {
  if (res.status !== status) expect(res.body).toEqual({ status })
  expect(res.status).toBe(status)
  return dataOf<T>(res)
}

/** Asserts an error answer naming exactly these fields (in any order). */
export const expectErrors = (res: JsonResponse, status: number, fields: readonly string[]): ErrorEntry[] => {
  expect(res.status).toBe(status)
  const errors = errorsOf(res)
  expect(errors.map((e) => e.field).sort()).toEqual([...fields].sort())
  for (const e of errors) expect(e).toEqual({ code: expect.any(String), type: expect.any(String), field: expect.any(String), message: expect.any(String) })
  return errors
}

let sequence = 0
/** A unique suffix for test data. */
export const unique = (prefix = 'x'): string => `${prefix}${process.pid}${++sequence}`

/** The body of `POST /visitors` with every required field; `overrides` replace or add fields. */
export const visitorBody = (overrides: Json = {}): Json => {
  const n = unique('v')
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `${n}@example.com`,
    gender: 'f',
    countryCode: 'FR',
    acquisitionPcCode: 'FR-SC-123',
    ...overrides,
  }
}

/** The body of `POST /centers` with every required field. */
export const centerBody = (overrides: Json = {}): Json => ({
  pcCode: unique('FR-SC-'),
  label: 'Les Quatre Temps',
  country: 'FR',
  isWestfield: true,
  ...overrides,
})

/** Creates a visitor through the API and returns its `data`. */
export const createVisitor = async (c: WestfieldClient, overrides: Json = {}): Promise<Json & { visitorId: string }> =>
  expectOk<Json & { visitorId: string }>(await c.post('/visitors', visitorBody(overrides)), 201)

/** Creates a center through the API and returns its `data`. */
export const createCenter = async (c: WestfieldClient, overrides: Json = {}): Promise<Json & { pcCode: string }> =>
  expectOk<Json & { pcCode: string }>(await c.post('/centers', centerBody(overrides)), 201)
