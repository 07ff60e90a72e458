import type { Instant } from '../shared/clock.js'

export interface Account {
  readonly id: number
  readonly name: string
  /** IANA time zone used by daily reports and date-only filters. */
  readonly timeZone: string
  readonly createdAt: Instant
}

export interface ApiClient {
  readonly id: number
  readonly accountId: number
  readonly name: string
  readonly createdAt: Instant
  readonly revokedAt: Instant | null
}

/** Who is calling: resolved from an API key or an access token on every request. */
export interface Principal {
  readonly accountId: number
  readonly clientId: number
  /** The account's time zone, for rendering local times and date filters. */
  readonly timeZone: string
}

export interface IssuedToken {
  readonly accessToken: string
  readonly expiresIn: number
  readonly tokenType: 'Bearer'
}

export interface ClientCredentials {
  readonly accountId: number
  readonly clientId: number
  readonly clientSecret: string
  readonly apiKey: string
}
