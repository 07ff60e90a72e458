import type { FastifyInstance } from 'fastify'
import type { ClientCredentials } from '../../../src/domain/accounts/accounts.js'
import { call, type JsonResponse } from '../../support/app.js'

/** The token answer of `POST /pegke/oauth2/token`. */
export interface Token {
  access_token: string
  expires_in: number
  refresh_token: string
  scope: null
  token_type: 'Bearer'
}

export interface User {
  uuid: string
  cid: string | null
  mob: string | null
  email: string | null
  name: string | null
  balance: number
  created: string
}

export interface Transaction {
  id: number
  type: string
  points: number
  unit: string
  store: { id: string | null; name: string } | null
  user?: { uuid: string; cid: string | null; mob: string | null; email: string | null }
  created: string
}

export interface History {
  page: number
  per_page: number
  total: number
  last_page: number
  transactions: Transaction[]
}

export interface Failure {
  code: number
  message: string
  field?: string
  detail?: string
}

export const as = <T>(res: JsonResponse): T => res.body as unknown as T

export const grant = (client: ClientCredentials) => ({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret })

export const requestToken = (app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) =>
  call(app, 'POST', '/pegke/oauth2/token', { body, headers })

/** A Pegke bearer token for the client, obtained as a merchant's application would. */
export const tokenFor = async (app: FastifyInstance, client: ClientCredentials): Promise<string> => {
  const res = await requestToken(app, grant(client))
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${JSON.stringify(res.body)}`)
  return as<Token>(res).access_token
}

export const give = (app: FastifyInstance, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(app, 'POST', '/pegke/entity/user?_format=json', { token, body, headers })

export const search = (app: FastifyInstance, token: string, params: Record<string, string>) =>
  call(app, 'GET', `/pegke/entity/user?${new URLSearchParams({ _format: 'json', ...params })}`, { token })

export const requestRedeem = (app: FastifyInstance, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(app, 'POST', '/pegke/entity/redeem?_format=json', { token, body, headers })

export const validateRedeem = (app: FastifyInstance, token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(app, 'POST', '/pegke/entity/redeem/validate?_format=json', { token, body, headers })

export const balanceOf = async (app: FastifyInstance, token: string, mob: string): Promise<number> => {
  const res = await search(app, token, { idType: 'mob', mob })
  if (res.status !== 200) throw new Error(`search failed: ${res.status} ${JSON.stringify(res.body)}`)
  return as<{ user: User }>(res).user.balance
}
