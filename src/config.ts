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
  /** Refuse Pegke requests that did not arrive over HTTPS (as told by `X-Forwarded-Proto` behind a proxy). */
  readonly pegkeRequireHttps: boolean
  /** Token requests a minute per Pegke client before 403 code 99. */
  readonly pegkeTokenRequestsPerMinute: number
  /** How often the outbox relay looks for new events. */
  readonly eventPollIntervalMs: number
  /** Base URL clients reach this server at (`https://loyalty.example.com`), for links such as portal session URLs; unset means the request's own host. */
  readonly publicUrl: string | undefined
  /** Lifetime of a portal session. */
  readonly portalSessionTtlSeconds: number
  /** Credits per whole unit of a new account's default credit reception unit (`purchase_amount`), in hundredths (100 = one credit per euro). */
  readonly creditsPerUnit: number
  /** How often the in-process worker delivers webhooks; 0 turns it off (another process may deliver). */
  readonly webhookPollIntervalMs: number
  /** How long a webhook receiver may take to answer. */
  readonly webhookTimeoutMs: number
  /** Wait after a webhook's first failed attempt; it doubles with each further failure, up to the maximum. */
  readonly webhookRetryBaseMs: number
  readonly webhookRetryMaxMs: number
  /** Attempts after which a webhook delivery is given up. */
  readonly webhookMaxAttempts: number
  /** Server processes sharing the port (node:cluster); more than one needs PostgreSQL. */
  readonly workers: number
  /** How long a draining process keeps answering (with `Connection: close`) before it stops accepting. */
  readonly drainGraceMs: number
  /** How long a process may take to shut down before it exits anyway. */
  readonly shutdownTimeoutMs: number
  /** The port `/metrics` (Prometheus) is served on, apart from the API; 0 turns it off. */
  readonly metricsPort: number
  /** The address the metrics port listens on: loopback unless a scraper elsewhere must reach it. */
  readonly metricsHost: string
}

type Env = Readonly<Record<string, string | undefined>>

const int = (env: Env, name: string, fallback: number): number => {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`)
  return value
}

/** A decimal with at most two decimals (`1`, `0.1`, `2.5`), as hundredths. */
const hundredths = (env: Env, name: string, fallback: number): number => {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+(\.\d{1,2})?$/.test(raw)) throw new Error(`${name} must be a non-negative number with at most two decimals, got "${raw}"`)
  return Math.round(Number(raw) * 100)
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
    pegkeRequireHttps: ['1', 'true', 'yes'].includes((env.PEGKE_REQUIRE_HTTPS ?? '').toLowerCase()),
    pegkeTokenRequestsPerMinute: int(env, 'PEGKE_TOKEN_REQUESTS_PER_MINUTE', 30),
    eventPollIntervalMs: Math.max(10, int(env, 'EVENT_POLL_INTERVAL_MS', 100)),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    portalSessionTtlSeconds: Math.max(1, int(env, 'PORTAL_SESSION_TTL_SECONDS', 3600)),
    creditsPerUnit: hundredths(env, 'CREDITS_PER_UNIT', 100),
    webhookPollIntervalMs: int(env, 'WEBHOOK_POLL_INTERVAL_MS', 1000),
    webhookTimeoutMs: Math.max(1, int(env, 'WEBHOOK_TIMEOUT_MS', 10_000)),
    webhookRetryBaseMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 60_000),
    webhookRetryMaxMs: int(env, 'WEBHOOK_RETRY_MAX_MS', 21_600_000),
    webhookMaxAttempts: Math.max(1, int(env, 'WEBHOOK_MAX_ATTEMPTS', 12)),
    workers: Math.max(1, int(env, 'WORKERS', 1)),
    drainGraceMs: int(env, 'DRAIN_GRACE_MS', 2_000),
    shutdownTimeoutMs: Math.max(1_000, int(env, 'SHUTDOWN_TIMEOUT_MS', 15_000)),
    metricsPort: int(env, 'METRICS_PORT', 9464),
    metricsHost: env.METRICS_HOST || '127.0.0.1',
  }
}
