/**
 * Runs work in database transactions. `Tx` is the set of stores the work
 * reaches: each module names the stores it needs (`LedgerTx & EventsTx`),
 * and the composition root hands every service one unit of work over all of
 * them, which fits each narrower one. So this module, the ground floor,
 * knows no module above it.
 */
export interface UnitOfWork<Tx> {
  /**
   * Runs `work` in one database transaction: all of it commits or none of it
   * does. Transient conflicts (a unique key raced by a concurrent writer, a
   * serialization failure, a deadlock) roll back and run `work` again, so
   * `work` must do nothing outside the transaction.
   */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>
  /** Runs read-only `work` without opening a write transaction. */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T>
}
