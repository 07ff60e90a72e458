import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { UnitOfWork } from '../../src/domain/shared/unit-of-work.js'
import { type Db, openDatabase } from '../../src/infra/db/database.js'
import { migrateToLatest } from '../../src/infra/db/migrate.js'
import { createUnitOfWork } from '../../src/infra/db/unit-of-work.js'
import type { Stores } from '../../src/infra/stores/index.js'
import { FakeClock } from './clock.js'

/** What a service test builds its services from: a unit of work over a fresh embedded database, and a fake clock. */
export interface DomainFixture {
  readonly uow: UnitOfWork<Stores>
  readonly clock: FakeClock
  readonly db: Db
  close(): Promise<void>
}

/**
 * A fresh embedded database in a temporary directory, migrated, with no
 * HTTP in front: for quick tests of a domain rule through its service, with
 * the real stores and transactions underneath.
 */
export const domainFixture = async (): Promise<DomainFixture> => {
  const dir = mkdtempSync(join(tmpdir(), 'punchcard-domain-'))
  const db = await openDatabase({ sqlitePath: join(dir, 'punchcard.sqlite') })
  await migrateToLatest(db)
  return {
    uow: createUnitOfWork(db),
    clock: new FakeClock(),
    db,
    async close() {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
