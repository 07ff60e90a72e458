import { resolve } from 'node:path'

export interface Config {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  /** `postgres://...` selects PostgreSQL; unset means the embedded SQLite database under `dataDir`. */
  readonly databaseUrl: string | undefined
  readonly databaseSchema: string | undefined
  readonly databasePoolSize: number
  readonly redisUrl: string | undefined
  /** Key of the HMAC that hashes API keys, secrets and tokens; changing it invalidates all of them. */
  readonly secretPepper: string
  readonly tokenTtlSeconds: number
  /** How often the in-process job expires lots; 0 turns it off. */
  readonly expiryIntervalMs: number
  /** Requests per minute per client and dialect; 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number
  readonly logLevel: string
  /** Server processes sharing the port (node:cluster); more than one needs PostgreSQL. */
  readonly workers: number
}

type Env = Readonly<Record<string, string | undefined>>

const int = (env: Env, name: string, fallback: number): number => {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`)
  return value
}

/** Reads the environment once, failing fast on values that make no sense. */
export const loadConfig = (env: Env = process.env): Config => {
  const dataDir = resolve(env.DATA_DIR || './data')
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10),
    redisUrl: env.REDIS_URL || undefined,
    secretPepper: env.SECRET_PEPPER || 'punchcard-default-pepper',
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 31_536_000),
    expiryIntervalMs: int(env, 'EXPIRY_INTERVAL_MS', 60_000),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 0),
    logLevel: env.LOG_LEVEL || 'info',
    workers: Math.max(1, int(env, 'WORKERS', 1)),
  }
}
