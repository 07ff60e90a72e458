import type { Instant } from '../shared/clock.js'
import type { Account, ApiClient } from './accounts.js'

export interface AccountStore {
  findByName(name: string): Promise<Account | null>
  get(id: number): Promise<Account | null>
  create(input: { name: string; timeZone: string; now: Instant }): Promise<Account>
}

export interface StoredClient extends ApiClient {
  readonly secretHash: string
}

export interface StoredToken {
  readonly clientId: number
  readonly accountId: number
  readonly expiresAt: Instant
  readonly revokedAt: Instant | null
}

export interface ClientStore {
  create(input: { accountId: number; name: string; secretHash: string; apiKeyHash: string; now: Instant }): Promise<ApiClient>
  get(id: number): Promise<StoredClient | null>
  findByApiKeyHash(hash: string): Promise<StoredClient | null>
  saveToken(input: { tokenHash: string; clientId: number; accountId: number; expiresAt: Instant; now: Instant }): Promise<void>
  findToken(tokenHash: string): Promise<StoredToken | null>
  revokeToken(tokenHash: string, now: Instant): Promise<void>
}

/** The account stores a module needs of the caller's transaction. */
export interface AccountsTx {
  readonly accounts: AccountStore
  readonly clients: ClientStore
}

/** Generates and hashes secrets; kept behind a port so the domain does no cryptography itself. */
export interface SecretService {
  /** A new random secret, URL-safe, with the given prefix. */
  generate(prefix: string): string
  /** A keyed one-way hash, safe to store and to compare. */
  hash(secret: string): string
  /** Compares a stored hash with the hash of a presented secret in constant time. */
  matches(storedHash: string, secret: string): boolean
}
