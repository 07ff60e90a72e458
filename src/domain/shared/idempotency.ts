import type { Instant } from './clock.js'
import type { CommandContext } from './command.js'
import { DomainError } from './errors.js'

export interface StoredResult {
  readonly fingerprint: string
  readonly result: unknown
}

export interface IdempotencyStore {
  find(accountId: number, scope: string, key: string): Promise<StoredResult | null>
  /** Fails with a unique-key conflict when a concurrent request saved the same key first. */
  save(input: { accountId: number; scope: string; key: string; fingerprint: string; result: unknown; now: Instant }): Promise<void>
  /** Replaces the result saved for a key in this transaction. */
  complete(input: { accountId: number; scope: string; key: string; result: unknown }): Promise<void>
}

/** The store `idempotent` needs of the caller's transaction. */
export interface IdempotencyTx {
  readonly idempotency: IdempotencyStore
}

/**
 * Runs a write at most once per idempotency key, inside the caller's
 * transaction. The result is stored with the write, so a retry returns the
 * first result (a snapshot of that moment) and changes nothing; the same key
 * with a different request is rejected. The key is claimed before the work
 * runs, so two concurrent first attempts race on the key's unique index
 * before either checks a balance or a voucher: the loser waits for the
 * winner, its transaction rolls back and, retried by the unit of work, finds
 * the winner's result instead of failing on what the winner changed.
 *
 * Results must be plain JSON data: the replayed value is the parsed stored copy.
 * @throws idempotency.key_reused
 */
export const idempotent = async <T>(tx: IdempotencyTx, ctx: CommandContext, now: Instant, work: () => Promise<T>): Promise<T> => {
  const key = ctx.idempotency
  if (!key) return work()
  const found = await tx.idempotency.find(ctx.accountId, key.scope, key.key)
  if (found) {
    if (found.fingerprint !== key.fingerprint) {
      throw new DomainError('idempotency.key_reused', { subject: 'idempotencyKey', reason: 'this key was used with a different request' })
    }
    return found.result as T
  }
  await tx.idempotency.save({ accountId: ctx.accountId, scope: key.scope, key: key.key, fingerprint: key.fingerprint, result: null, now })
  const result = await work()
  await tx.idempotency.complete({ accountId: ctx.accountId, scope: key.scope, key: key.key, result })
  return result
}
