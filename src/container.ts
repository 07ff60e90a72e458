import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import type { Config } from './config.js'
import { type AuthService, createAuthService } from './domain/accounts/auth.service.js'
import { type ContactDirectory, createContactDirectory } from './domain/contacts/directory.service.js'
import { createIdentifierService, type IdentifierService } from './domain/contacts/identifiers.service.js'
import { createShopService, type ShopService } from './domain/contacts/shops.service.js'
import { type CreditReceptionService, createCreditReceptionService } from './domain/credit-receptions/credit-receptions.service.js'
import { createGiftcardService, type GiftcardService } from './domain/giftcards/giftcards.service.js'
import { createKioskService, type KioskService } from './domain/kiosk/kiosk.service.js'
import { createLedgerService, type LedgerService } from './domain/ledger/ledger.service.js'
import { createPortalSessionService, type PortalSessionService } from './domain/portal-sessions/portal-sessions.service.js'
import { createPrepaidService, type PrepaidService } from './domain/prepaid/prepaid.service.js'
import { createReportService, type ReportService } from './domain/reports/reports.service.js'
import { type Clock, systemClock } from './domain/shared/clock.js'
import type { UnitOfWork } from './domain/shared/unit-of-work.js'
import { createTierService, type TierService } from './domain/tiers/tiers.service.js'
import { createVoucherService, type VoucherService } from './domain/vouchers/vouchers.service.js'
import { createWebhookDispatcher, type WebhookDispatcher } from './domain/webhooks/webhook-delivery.service.js'
import { createWebhookService, type WebhookService } from './domain/webhooks/webhooks.service.js'
import { type Db, openDatabase } from './infra/db/database.js'
import { migrateToLatest } from './infra/db/migrate.js'
import { createUnitOfWork } from './infra/db/unit-of-work.js'
import { createSecretService } from './infra/security.js'
import { createHttpSender } from './infra/webhooks/http-sender.js'
import { createSecretBox } from './infra/webhooks/secret-box.js'

/** Everything the HTTP layer, the CLI and the jobs need, wired once. */
export interface Container {
  readonly config: Config
  readonly db: Db
  readonly redis: Redis | null
  readonly clock: Clock
  readonly uow: UnitOfWork
  readonly auth: AuthService
  readonly ledger: LedgerService
  readonly tiers: TierService
  readonly reports: ReportService
  readonly shops: ShopService
  readonly giftcards: GiftcardService
  readonly directory: ContactDirectory
  readonly identifiers: IdentifierService
  readonly creditReceptions: CreditReceptionService
  readonly portalSessions: PortalSessionService
  readonly webhooks: WebhookService
  /** Delivers the outbox to webhook subscriptions; `main.ts` polls it, tests call `runOnce()`. */
  readonly webhookDispatcher: WebhookDispatcher
  readonly prepaid: PrepaidService
  readonly vouchers: VoucherService
  /** The customer's side of portal sessions: what the kiosk page does. */
  readonly kiosk: KioskService
  close(): Promise<void>
}

export const createContainer = async (config: Config, options: { clock?: Clock; migrate?: boolean } = {}): Promise<Container> => {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    schema: config.databaseSchema,
    sqlitePath: join(config.dataDir, 'punchcard.sqlite'),
    poolSize: config.databasePoolSize,
  })
  if (options.migrate ?? true) await migrateToLatest(db)
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : null
  const clock = options.clock ?? systemClock
  const uow = createUnitOfWork(db)
  const secrets = createSecretService(config.secretPepper)
  const ledger = createLedgerService({ uow, clock })
  return {
    config,
    db,
    redis,
    clock,
    uow,
    auth: createAuthService({ uow, clock, secrets, tokenTtlSeconds: config.tokenTtlSeconds }),
    ledger,
    tiers: createTierService({ uow }),
    reports: createReportService({ uow }),
    shops: createShopService({ uow }),
    giftcards: createGiftcardService({ uow, clock, ledger }),
    directory: createContactDirectory({ uow, clock }),
    identifiers: createIdentifierService({ uow, clock }),
    creditReceptions: createCreditReceptionService({ uow, clock, ledger, creditsPerUnit: config.creditsPerUnit }),
    portalSessions: createPortalSessionService({ uow, clock, ttlSeconds: config.portalSessionTtlSeconds }),
    webhooks: createWebhookService({ uow, clock, secrets: createSecretBox(config.secretPepper) }),
    webhookDispatcher: createWebhookDispatcher({
      uow,
      clock,
      ids: randomUUID,
      secrets: createSecretBox(config.secretPepper),
      sender: createHttpSender({ timeoutMs: config.webhookTimeoutMs, userAgent: 'Punchcard-Webhooks/1' }),
      options: {
        retry: { baseDelayMs: config.webhookRetryBaseMs, maxDelayMs: config.webhookRetryMaxMs, maxAttempts: config.webhookMaxAttempts },
        batchSize: 100,
        // Longer than any attempt can take, so a delivery is never sent twice at once.
        leaseMs: config.webhookTimeoutMs + 30_000,
      },
    }),
    prepaid: createPrepaidService({ uow, clock, ledger }),
    vouchers: createVoucherService({ uow, clock }),
    kiosk: createKioskService({
      uow,
      clock,
      services: (stepUow) => ({
        portalSessions: createPortalSessionService({ uow: stepUow, clock, ttlSeconds: config.portalSessionTtlSeconds }),
        identifiers: createIdentifierService({ uow: stepUow, clock }),
        directory: createContactDirectory({ uow: stepUow, clock }),
        giftcards: createGiftcardService({ uow: stepUow, clock, ledger }),
        prepaid: createPrepaidService({ uow: stepUow, clock, ledger }),
        vouchers: createVoucherService({ uow: stepUow, clock }),
      }),
    }),
    async close() {
      redis?.disconnect()
      await db.close()
    },
  }
}
