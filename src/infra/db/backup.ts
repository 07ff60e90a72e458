import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import SQLite from 'better-sqlite3'

export interface BackupReport {
  readonly file: string
  readonly bytes: number
  readonly pages: number
}

/**
 * Copies the embedded database to `target` with SQLite's online backup,
 * while servers keep writing: the copy is one consistent moment of the
 * database (every transaction committed before it finished, none half), and
 * writers are not held up for more than a page step at a time. The target is
 * written beside itself first and renamed, so a crash leaves no torn file.
 * @throws when the database does not exist or the target exists
 */
export const backupEmbedded = async (databaseFile: string, target: string): Promise<BackupReport> => {
  if (!existsSync(databaseFile)) throw new Error(`there is no database at ${databaseFile}`)
  if (existsSync(target)) throw new Error(`${target} exists: choose a new file`)
  const partial = join(dirname(target), `.${Date.now()}.partial`)
  const source = new SQLite(databaseFile, { readonly: true, fileMustExist: true })
  try {
    const { totalPages } = await source.backup(partial)
    verify(partial)
    renameSync(partial, target)
    return { file: target, bytes: statSync(target).size, pages: totalPages }
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  } finally {
    source.close()
  }
}

/**
 * Puts a backup in place as the data directory's database. The server must
 * be stopped: a running server keeps its own handle on the old file. A data
 * directory that already has a database is refused unless `replace` is set.
 * @throws when the backup is not a sound Punchcard database, or the place is taken
 */
export const restoreEmbedded = (backup: string, databaseFile: string, options: { replace: boolean }): { file: string; bytes: number } => {
  if (!existsSync(backup)) throw new Error(`there is no backup at ${backup}`)
  verify(backup)
  if (existsSync(databaseFile) && !options.replace) {
    throw new Error(`${databaseFile} exists: stop the server and restore into an empty data directory, or pass --replace`)
  }
  const partial = `${databaseFile}.restoring`
  const copy = new SQLite(backup, { readonly: true, fileMustExist: true })
  return copyThen(copy, partial, () => {
    // The old database's write-ahead log belongs to the old file.
    for (const stale of [`${databaseFile}-wal`, `${databaseFile}-shm`]) rmSync(stale, { force: true })
    renameSync(partial, databaseFile)
    return { file: databaseFile, bytes: statSync(databaseFile).size }
  })
}

const copyThen = <T>(source: SQLite.Database, partial: string, then: () => T): T => {
  try {
    source.exec(`VACUUM INTO '${partial.replaceAll("'", "''")}'`)
    return then()
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  } finally {
    source.close()
  }
}

/** @throws unless the file is an intact SQLite database with Punchcard's schema */
const verify = (file: string): void => {
  const db = new SQLite(file, { readonly: true, fileMustExist: true })
  try {
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new Error(`${file} is damaged: ${String(integrity)}`)
    const tables = db
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name in ('kysely_migration', 'wallets', 'ledger_entries')")
      .get() as {
      n: number
    }
    if (tables.n !== 3) throw new Error(`${file} is not a Punchcard database`)
  } catch (error) {
    if (error instanceof Error && /file is not a database/.test(error.message)) throw new Error(`${file} is not a database`)
    throw error
  } finally {
    db.close()
  }
}
