import type { Clock, Instant } from '../shared/clock.js'
import type { Principal } from './accounts.js'

/**
 * How long a process trusts a credential it has checked. A credential
 * revoked through this process stops working at once; one revoked elsewhere,
 * or a revoked client, within this time. Expiry is checked on every request.
 */
export const AUTH_CACHE_MS = 5_000
const AUTH_CACHE_SIZE = 10_000

export interface CheckedCredential {
  readonly principal: Principal
  /** When the credential itself expires (tokens), or null (API keys). */
  readonly expiresAt: Instant | null
}

export type CredentialCache = ReturnType<typeof createCredentialCache>

/**
 * Credentials this process checked recently, by their hash; only successes
 * are kept, so a wrong or revoked credential is looked up every time.
 */
export const createCredentialCache = (clock: Clock) => {
  const checked = new Map<string, CheckedCredential & { readonly until: Instant }>()
  /** Counts revocations, so a check that overlapped one is not remembered. */
  let revocations = 0

  /** The principal of a credential checked recently and not expired since, or null. */
  const get = (hash: string): Principal | null => {
    const hit = checked.get(hash)
    if (!hit) return null
    const now = clock.now()
    if (hit.until > now && (hit.expiresAt === null || hit.expiresAt > now)) return hit.principal
    checked.delete(hash)
    return null
  }

  /** Checks a credential with `load` (null: not a credential of this kind) and remembers a success. */
  const check = async (hash: string, load: () => Promise<CheckedCredential | null>): Promise<Principal | null> => {
    const generation = revocations
    const found = await load()
    if (found === null) return null
    if (generation === revocations) {
      if (checked.size >= AUTH_CACHE_SIZE) {
        const oldest = checked.keys().next()
        if (!oldest.done) checked.delete(oldest.value)
      }
      checked.set(hash, { ...found, until: clock.now() + AUTH_CACHE_MS })
    }
    return found.principal
  }

  /** Drops a credential being revoked: call it before the revoking write and again once it is committed. */
  const forget = (hash: string): void => {
    revocations++
    checked.delete(hash)
  }

  return { get, check, forget }
}
