import type { Clock } from '../shared/clock.js'
import { DomainError } from '../shared/errors.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { Principal } from './accounts.js'
import type { AccountsTx, SecretService } from './accounts.store.js'
import type { AppToken, AppTokensTx } from './app-tokens.store.js'
import { createCredentialCache } from './credential-cache.js'

export interface AppTokenServiceDeps {
  readonly uow: UnitOfWork<Tx>
  readonly clock: Clock
  readonly secrets: SecretService
  /** Lifetime of an access token, in seconds. */
  readonly ttlSeconds: number
  /** Lifetime of a refresh token, in seconds. */
  readonly refreshTtlSeconds: number
}

export interface AppTokenGrant {
  readonly accessToken: string
  readonly refreshToken: string
  /** Seconds the access token has left. */
  readonly expiresIn: number
  readonly tokenType: 'Bearer'
}

export interface ClientAuth {
  readonly clientId: number
  readonly clientSecret: string
}

type Tx = AppTokensTx & AccountsTx

export interface AppTokenService {
  /** Client-credentials grant: the outstanding token while it is valid, a new one otherwise. @throws auth.invalid_client (clientSecret) */
  issue(auth: ClientAuth): Promise<AppTokenGrant>
  /**
   * Refresh grant: trades a valid refresh token of this client for a new
   * access and refresh token; the old pair stops working.
   * @throws auth.invalid_client (clientSecret), auth.unauthenticated (refreshToken: unknown, used or invalidated), auth.token_expired (refreshToken)
   */
  refresh(auth: ClientAuth, refreshToken: string): Promise<AppTokenGrant>
  /**
   * Invalidates the client's access token; the next token request yields a
   * different one. Returns the token invalidated.
   * @throws auth.invalid_client (clientSecret), auth.unauthenticated (accessToken: not this client's outstanding token)
   */
  invalidate(auth: ClientAuth, accessToken: string): Promise<string>
  /**
   * Resolves an access token to its principal, or null when the string is not
   * an access token of this kind at all (the caller may try other credentials).
   * @throws auth.unauthenticated (invalidated, or its client revoked), auth.token_expired
   */
  authenticate(bearer: string): Promise<Principal | null>
}

/**
 * Application-only OAuth2 bearer tokens with one outstanding token per
 * client: asking again returns the same token until it is invalidated (or
 * expires), after which a new, different one is issued. The token strings are
 * derived from a random seed with the keyed hash, so the same token can be
 * handed out again while the database holds only the seed and the hashes: a
 * stolen database alone yields no usable token.
 */
export const createAppTokenService = ({ uow, clock, secrets, ttlSeconds, refreshTtlSeconds }: AppTokenServiceDeps): AppTokenService => {
  const cache = createCredentialCache(clock)
  const accessOf = (seed: string) => secrets.hash(`access:${seed}`)
  const refreshOf = (seed: string) => secrets.hash(`refresh:${seed}`)

  const grantOf = (token: AppToken, now: number): AppTokenGrant => ({
    accessToken: accessOf(token.seed),
    refreshToken: refreshOf(token.seed),
    expiresIn: Math.max(0, Math.ceil((token.expiresAt - now) / 1000)),
    tokenType: 'Bearer',
  })

  /** @throws auth.invalid_client */
  const requireClient = async (tx: Tx, auth: ClientAuth) => {
    const client = await tx.clients.get(auth.clientId)
    if (!client || client.revokedAt !== null || !secrets.matches(client.secretHash, auth.clientSecret)) {
      throw new DomainError('auth.invalid_client', { subject: 'clientSecret', reason: 'client authentication failed' })
    }
    return client
  }

  /**
   * Runs a unit of work that revokes access tokens: each one it names (by
   * hash) is dropped from this process's cache before the revoking write and
   * again once it is committed, so no check that overlapped it is kept.
   */
  const revokingWithin = async <T>(work: (revoking: (accessHash: string) => void) => (tx: Tx) => Promise<T>): Promise<T> => {
    const revoked = new Set<string>()
    const revoking = (accessHash: string) => {
      revoked.add(accessHash)
      cache.forget(accessHash)
    }
    try {
      return await uow.run(work(revoking))
    } finally {
      for (const hash of revoked) cache.forget(hash)
    }
  }

  const issueNew = async (tx: Tx, accountId: number, clientId: number, now: number): Promise<AppToken> => {
    const seed = secrets.generate('')
    return tx.appTokens.insert({
      accountId,
      clientId,
      seed,
      accessHash: secrets.hash(accessOf(seed)),
      refreshHash: secrets.hash(refreshOf(seed)),
      expiresAt: now + ttlSeconds * 1000,
      refreshExpiresAt: now + refreshTtlSeconds * 1000,
      now,
    })
  }

  /**
   * Client-credentials grant: the outstanding token while it is valid, a new
   * one otherwise. Two first requests at once race on the one-outstanding
   * index; the loser is retried and answers the winner's token.
   * @throws auth.invalid_client
   */
  const issue = (auth: ClientAuth): Promise<AppTokenGrant> =>
    uow.run(async (tx) => {
      const client = await requireClient(tx, auth)
      const now = clock.now()
      const current = await tx.appTokens.outstanding(client.accountId, client.id)
      if (current && current.expiresAt > now) return grantOf(current, now)
      if (current) await tx.appTokens.revoke(client.accountId, current.id, now)
      return grantOf(await issueNew(tx, client.accountId, client.id, now), now)
    })

  /**
   * Refresh grant: trades a valid refresh token of this client for a new
   * access and refresh token; the old pair stops working.
   * @throws auth.invalid_client, auth.unauthenticated (unknown, used or invalidated refresh token), auth.token_expired
   */
  const refresh = (auth: ClientAuth, refreshToken: string): Promise<AppTokenGrant> =>
    revokingWithin((revoking) => async (tx) => {
      const client = await requireClient(tx, auth)
      const now = clock.now()
      const token = await tx.appTokens.findByRefreshHash(secrets.hash(refreshToken))
      if (!token || token.clientId !== client.id || token.revokedAt !== null) {
        throw new DomainError('auth.unauthenticated', { subject: 'refreshToken', reason: 'unknown or invalidated refresh token' })
      }
      if (token.refreshExpiresAt <= now) throw new DomainError('auth.token_expired', { subject: 'refreshToken', reason: 'the refresh token has expired' })
      // The conditional revoke makes a refresh token single-use, also when two refreshes race.
      revoking(secrets.hash(accessOf(token.seed)))
      if (!(await tx.appTokens.revoke(client.accountId, token.id, now))) {
        throw new DomainError('auth.unauthenticated', { subject: 'refreshToken', reason: 'unknown or invalidated refresh token' })
      }
      return grantOf(await issueNew(tx, client.accountId, client.id, now), now)
    })

  /**
   * Invalidates the client's access token; afterwards the token is refused and
   * the next token request yields a different one. Returns the token invalidated.
   * @throws auth.invalid_client, auth.unauthenticated (the token is not this client's outstanding token)
   */
  const invalidate = (auth: ClientAuth, accessToken: string): Promise<string> =>
    revokingWithin((revoking) => async (tx) => {
      const client = await requireClient(tx, auth)
      const accessHash = secrets.hash(accessToken)
      const token = await tx.appTokens.findByAccessHash(accessHash)
      if (token) revoking(accessHash)
      if (!token || token.clientId !== client.id || !(await tx.appTokens.revoke(client.accountId, token.id, clock.now()))) {
        throw new DomainError('auth.unauthenticated', { subject: 'accessToken', reason: 'unknown or already invalidated token' })
      }
      return accessToken
    })

  /**
   * Resolves an access token to its principal, or null when the string is not
   * an access token of this kind at all (the caller may try other credentials).
   * @throws auth.unauthenticated (invalidated, or its client revoked), auth.token_expired
   */
  const authenticate = async (bearer: string): Promise<Principal | null> => {
    const hash = secrets.hash(bearer)
    return (
      cache.get(hash) ??
      cache.check(hash, () =>
        uow.read(async (tx) => {
          const token = await tx.appTokens.findByAccessHash(hash)
          if (!token) return null
          if (token.revokedAt !== null) throw new DomainError('auth.unauthenticated', { reason: 'the token was invalidated' })
          if (token.expiresAt <= clock.now()) throw new DomainError('auth.token_expired', { reason: 'the access token has expired' })
          const client = await tx.clients.get(token.clientId)
          const account = await tx.accounts.get(token.accountId)
          if (!client || client.revokedAt !== null || !account) throw new DomainError('auth.unauthenticated')
          return { principal: { accountId: token.accountId, clientId: token.clientId, timeZone: account.timeZone }, expiresAt: token.expiresAt }
        }),
      )
    )
  }

  return { issue, refresh, invalidate, authenticate }
}
