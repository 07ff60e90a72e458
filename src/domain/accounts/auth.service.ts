import type { ContactsTx } from '../contacts/contacts.store.js'
import type { Clock, Instant } from '../shared/clock.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import type { TiersTx } from '../tiers/tiers.store.js'
import type { ClientCredentials, IssuedToken, Principal } from './accounts.js'
import type { AccountsTx, SecretService } from './accounts.store.js'
import { createCredentialCache } from './credential-cache.js'
import { defaultTiers, defaultUnits } from './defaults.js'

export interface AuthServiceDeps {
  readonly uow: UnitOfWork<AuthServiceTx>
  readonly clock: Clock
  readonly secrets: SecretService
  /** Lifetime of OAuth access tokens, in seconds. */
  readonly tokenTtlSeconds: number
}

/** An account's own setup writes its units and tiers, and an event. */
export type AuthServiceTx = AccountsTx & TiersTx & Pick<ContactsTx, 'units'> & EventsTx

/** API clients of an account, their secrets and API keys, and the OAuth2 tokens they are issued. */
export interface AuthService {
  /**
   * Creates the account when it does not exist yet (with its default units and
   * tiers) and a new API client for it. The secret and the API key are
   * returned once and stored only as hashes.
   */
  createClient(input: { accountName: string; clientName?: string; timeZone?: string }): Promise<ClientCredentials>
  /** OAuth2 client-credentials grant. @throws auth.invalid_client (clientSecret) when the client does not exist, is revoked or the secret is wrong */
  issueToken(input: { clientId: number; clientSecret: string }): Promise<IssuedToken>
  /** Resolves a bearer credential (API key or access token) to its principal. @throws auth.unauthenticated when it is unknown, expired or revoked */
  authenticate(bearer: string): Promise<Principal>
  /** Revokes an access token; the next request with it is refused, in every process once its cache entry lapses. */
  revokeToken(accessToken: string): Promise<void>
}

export const createAuthService = ({ uow, clock, secrets, tokenTtlSeconds }: AuthServiceDeps): AuthService => {
  const cache = createCredentialCache(clock)

  /**
   * Creates the account when it does not exist yet (with its default units and
   * tiers) and a new API client for it. The secret and the API key are
   * returned once and stored only as hashes.
   */
  const createClient = async (input: { accountName: string; clientName?: string; timeZone?: string }): Promise<ClientCredentials> => {
    const clientSecret = secrets.generate('cs_')
    const apiKey = secrets.generate('pk_')
    const client = await uow.run(async (tx) => {
      const now = clock.now()
      let account = await tx.accounts.findByName(input.accountName)
      if (!account) {
        account = await tx.accounts.create({ name: input.accountName, timeZone: input.timeZone ?? 'UTC', now })
        const units = []
        for (const unit of defaultUnits) units.push(await tx.units.create({ accountId: account.id, ...unit, now }))
        const points = units[0]
        if (!points) throw new Error('default units are missing')
        for (const tier of defaultTiers) await tx.tiers.create({ accountId: account.id, unitId: points.id, ...tier, now })
        await tx.events.append({ type: 'account.created', accountId: account.id, payload: { name: account.name }, occurredAt: now })
      }
      return tx.clients.create({
        accountId: account.id,
        name: input.clientName ?? 'default',
        secretHash: secrets.hash(clientSecret),
        apiKeyHash: secrets.hash(apiKey),
        now,
      })
    })
    return { accountId: client.accountId, clientId: client.id, clientSecret, apiKey }
  }

  /**
   * OAuth2 client-credentials grant.
   * @throws auth.invalid_client when the client does not exist, is revoked or the secret is wrong.
   */
  const issueToken = async (input: { clientId: number; clientSecret: string }): Promise<IssuedToken> => {
    const accessToken = secrets.generate('at_')
    await uow.run(async (tx) => {
      const client = await tx.clients.get(input.clientId)
      if (!client || client.revokedAt !== null || !secrets.matches(client.secretHash, input.clientSecret)) {
        throw new DomainError('auth.invalid_client', { subject: 'clientSecret', reason: 'client authentication failed' })
      }
      const now = clock.now()
      await tx.clients.saveToken({
        tokenHash: secrets.hash(accessToken),
        clientId: client.id,
        accountId: client.accountId,
        expiresAt: now + tokenTtlSeconds * 1000,
        now,
      })
    })
    return { accessToken, expiresIn: tokenTtlSeconds, tokenType: 'Bearer' }
  }

  /**
   * Resolves a bearer credential (API key or access token) to its principal.
   * @throws auth.unauthenticated when it is unknown, expired or revoked.
   */
  const authenticate = async (bearer: string): Promise<Principal> => {
    const hash = secrets.hash(bearer)
    const principal =
      cache.get(hash) ??
      (await cache.check(hash, () =>
        uow.read(async (tx) => {
          const now = clock.now()
          const checked = async (accountId: number, clientId: number, expiresAt: Instant | null) => {
            const account = await tx.accounts.get(accountId)
            if (!account) throw new DomainError('auth.unauthenticated')
            return { principal: { accountId, clientId, timeZone: account.timeZone }, expiresAt }
          }
          const client = await tx.clients.findByApiKeyHash(hash)
          if (client) {
            if (client.revokedAt !== null) throw new DomainError('auth.unauthenticated')
            return checked(client.accountId, client.id, null)
          }
          const token = await tx.clients.findToken(hash)
          if (!token || token.revokedAt !== null || token.expiresAt <= now) throw new DomainError('auth.unauthenticated')
          const owner = await tx.clients.get(token.clientId)
          if (!owner || owner.revokedAt !== null) throw new DomainError('auth.unauthenticated')
          return checked(token.accountId, token.clientId, token.expiresAt)
        }),
      ))
    if (!principal) throw new DomainError('auth.unauthenticated')
    return principal
  }

  const revokeToken = async (accessToken: string): Promise<void> => {
    const hash = secrets.hash(accessToken)
    cache.forget(hash)
    await uow.run((tx) => tx.clients.revokeToken(hash, clock.now()))
    cache.forget(hash)
  }

  return { createClient, issueToken, authenticate, revokeToken }
}
