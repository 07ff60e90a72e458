import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The pepper every installation used before it had one of its own; data made with it keeps working. */
export const BUILT_IN_PEPPER = 'punchcard-default-pepper'

/** Where the embedded database's generated pepper lives, beside the database. */
export const PEPPER_FILE = 'secret-pepper'

export type PepperSource = 'environment' | 'file' | 'generated' | 'adopted'

export interface ResolvedPepper {
  readonly pepper: string
  /**
   * `environment`: SECRET_PEPPER; `file`: the data directory's pepper file;
   * `generated`: a new random pepper, written to the file just now;
   * `adopted`: a data directory made before it had a file, whose keys were
   * hashed with the built-in pepper, which is now written to its file.
   */
  readonly source: PepperSource
  /** The pepper file, when one was read or written. */
  readonly path?: string
}

export class PepperRequiredError extends Error {
  constructor() {
    super(
      'SECRET_PEPPER must be set when DATABASE_URL is PostgreSQL: every server process must hash keys with the same secret. ' +
        'Set it to a long random value (for example `SECRET_PEPPER=$(openssl rand -base64 32)`) in every process. ' +
        `A database whose keys were made before this check used the built-in pepper: set SECRET_PEPPER=${BUILT_IN_PEPPER} to keep them working, then rotate them.`,
    )
    this.name = 'PepperRequiredError'
  }
}

/**
 * The key of the HMAC that hashes API keys, secrets and tokens. An operator's
 * SECRET_PEPPER always wins. Without it, the embedded database keeps a random
 * pepper in a file of its data directory (mode 0600), generated on first
 * start; PostgreSQL, shared by processes on several machines, has no such
 * place, so it refuses to start.
 * @throws PepperRequiredError on PostgreSQL without SECRET_PEPPER
 */
export const resolvePepper = (input: { fromEnvironment: string | undefined; postgres: boolean; dataDir: string; databaseFile: string }): ResolvedPepper => {
  if (input.fromEnvironment) return { pepper: input.fromEnvironment, source: 'environment' }
  if (input.postgres) throw new PepperRequiredError()
  const path = join(input.dataDir, PEPPER_FILE)
  if (existsSync(path)) return { pepper: readFileSync(path, 'utf8').trim(), source: 'file', path }
  const adopted = existsSync(input.databaseFile)
  const pepper = adopted ? BUILT_IN_PEPPER : randomBytes(32).toString('base64url')
  mkdirSync(input.dataDir, { recursive: true })
  try {
    // `wx`: a server and a CLI starting together on a new directory agree on one pepper.
    writeFileSync(path, `${pepper}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return { pepper: readFileSync(path, 'utf8').trim(), source: 'file', path }
  }
  return { pepper, source: adopted ? 'adopted' : 'generated', path }
}
