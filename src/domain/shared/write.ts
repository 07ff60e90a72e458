import type { Clock, Instant } from './clock.js'
import type { CommandContext } from './command.js'
import { type IdempotencyTx, idempotent } from './idempotency.js'
import type { UnitOfWork } from './unit-of-work.js'

/** Runs one write of a command: its transaction, its clock reading and its idempotency key. */
export type Write<Tx> = <T>(ctx: CommandContext, work: (tx: Tx, now: Instant) => Promise<T>) => Promise<T>

/**
 * The one way a service runs a command: in one transaction, with the time
 * read once inside it, at most once per idempotency key (a retry answers
 * the first result). @throws idempotency.key_reused
 */
export const writer =
  <Tx extends IdempotencyTx>({ uow, clock }: { uow: UnitOfWork<Tx>; clock: Clock }): Write<Tx> =>
  (ctx, work) =>
    uow.run((tx) => {
      const now = clock.now()
      return idempotent(tx, ctx, now, () => work(tx, now))
    })
