import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import type { Config } from './config.js'
import { type AppTokenService, createAppTokenService } from './domain/accounts/app-tokens.service.js'
import { type AuthService, createAuthService } from './domain/accounts/auth.service.js'
import { type ActivityService, createActivityService } from './domain/activity/activity.service.js'
import { type ArticleService, createArticleService } from './domain/articles/articles.service.js'
import { type CenterService, createCenterService } from './domain/centers/centers.service.js'
import { type ChallengeService, createChallengeService } from './domain/challenges/challenges.service.js'
import { type CheckinService, createCheckinService } from './domain/checkins/checkins.service.js'
import { type ConsentService, createConsentService } from './domain/consent/consent.service.js'
import { createIdentifierService, type IdentifierService } from './domain/contacts/identifiers.service.js'
import { createShopService, type ShopService } from './domain/contacts/shops.service.js'
import { type CreditReceptionService, createCreditReceptionService } from './domain/credit-receptions/credit-receptions.service.js'
import { type ContactDirectory, createContactDirectory } from './domain/directory/directory.service.js'
import { createGiftcardService, type GiftcardService } from './domain/giftcards/giftcards.service.js'
import { createInterestService, type InterestService } from './domain/interests/interests.service.js'
import { createKioskService, type KioskService } from './domain/kiosk/kiosk.service.js'
import { createLedgerService, type LedgerService } from './domain/ledger/ledger.service.js'
import { walletLedger } from './domain/ledger/wallets.js'
import { createOfferService, type OfferService } from './domain/offers/offers.service.js'
import { createParkingService, type ParkingService } from './domain/parking/parking.service.js'
import { createPortalSessionService, type PortalSessionService } from './domain/portal-sessions/portal-sessions.service.js'
import { createPrepaidService, type PrepaidService } from './domain/prepaid/prepaid.service.js'
import { createRedeemService, type RedeemService } from './domain/redeems/redeems.service.js'
import { createReportService, type ReportService } from './domain/reports/reports.service.js'
import { createRewardService, type RewardService } from './domain/rewards/rewards.service.js'
import { type Clock, systemClock } from './domain/shared/clock.js'
import type { UnitOfWork } from './domain/shared/unit-of-work.js'
import { createTierService, type TierService } from './domain/tiers/tiers.service.js'
import { createVisitorDataService, type VisitorDataService } from './domain/visitor-profile/visitor-data.service.js'
import { createVisitorDetailsService, type VisitorDetailsService } from './domain/visitor-profile/visitor-details.service.js'
import { createVisitorService, type VisitorService } from './domain/visitor-profile/visitors.service.js'
import { createVoucherService, type VoucherService } from './domain/vouchers/vouchers.service.js'
import { createWebhookDispatcher, type WebhookDispatcher } from './domain/webhooks/webhook-delivery.service.js'
import { createWebhookService, type WebhookService } from './domain/webhooks/webhooks.service.js'
import { type Db, openDatabase } from './infra/db/database.js'
import { migrateToLatest, pendingMigrations } from './infra/db/migrate.js'
import { createUnitOfWork } from './infra/db/unit-of-work.js'
import { createEventBus, type EventBus } from './infra/events/bus.js'
import { createEventReader } from './infra/events/reader.js'
import { createEventRelay, type EventRelay } from './infra/events/relay.js'
import { openSubscription, type Subscription, type SubscriptionOptions } from './infra/events/subscription.js'
import { metricSources } from './infra/metric-sources.js'
import { createMetrics, type Metrics } from './infra/metrics.js'
import { createRequestCounter, type RequestCounter } from './infra/request-counter.js'
import { createSecretService } from './infra/security.js'
import type { Stores } from './infra/stores/index.js'
import { createTokenSigner } from './infra/tokens.js'
import { createHttpSender } from './infra/webhooks/http-sender.js'
import { leatWebhookRenderer } from './infra/webhooks/leat-webhook-body.js'
import { createSecretBox } from './infra/webhooks/secret-box.js'

/** Everything the HTTP layer, the CLI and the jobs need, wired once. */
export interface Container {
  readonly config: Config
  readonly db: Db
  readonly redis: Redis | null
  readonly clock: Clock
  readonly uow: UnitOfWork<Stores>
  readonly auth: AuthService
  readonly ledger: LedgerService
  readonly tiers: TierService
  readonly reports: ReportService
  readonly visitors: VisitorService
  readonly visitorData: VisitorDataService
  readonly centers: CenterService
  readonly offers: OfferService
  readonly checkins: CheckinService
  readonly visitorDetails: VisitorDetailsService
  readonly parking: ParkingService
  readonly consent: ConsentService
  readonly interests: InterestService
  readonly rewards: RewardService
  readonly challenges: ChallengeService
  readonly articles: ArticleService
  readonly appTokens: AppTokenService
  readonly redeems: RedeemService
  readonly activity: ActivityService
  /** Committed events as this process hears them; fed by `relay` once started. */
  readonly events: EventBus
  readonly metrics: Metrics
  /** What `/health/ready` reports: each check, true when it passes. */
  readonly readiness: () => Promise<{ database: boolean; migrations: boolean; relay: boolean }>
  /** A live stream of committed events: what was missed since `after` first, then each new one once, in order. */
  readonly openSubscription: (options: Omit<SubscriptionOptions, 'bus'>) => Promise<Subscription>
  readonly relay: EventRelay
  /** Counts Pegke token requests per client, shared through Redis when configured. */
  readonly tokenRequests: RequestCounter
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
  const metrics = createMetrics()
  const uow = createUnitOfWork(db, { onCommitted: metrics.committed, onGroupCommit: metrics.groupCommit })
  const secrets = createSecretService(config.secretPepper)
  const ledger = createLedgerService({ uow, clock })
  const events = createEventBus()
  // Redis channels and keys are named after the database, so that processes
  // (and test runs) on different databases sharing one Redis stay apart.
  const pgUrl = db.kind === 'postgres' ? new URL(config.databaseUrl ?? '') : null
  const namespace = pgUrl ? `pg:${pgUrl.host}/${pgUrl.pathname.slice(1)}:${db.schema ?? 'public'}` : `sqlite:${config.dataDir}`
  metrics.setSources(metricSources(db, events, () => clock.now()))
  const relay = createEventRelay({
    reader: createEventReader(db),
    bus: events,
    redisUrl: config.redisUrl,
    namespace,
    pollIntervalMs: config.eventPollIntervalMs,
  })
  const giftcards = createGiftcardService({ uow, clock, ledger: walletLedger })
  const prepaid = createPrepaidService({ uow, clock, ledger: walletLedger })
  const vouchers = createVoucherService({ uow, clock })
  const portalSessions = createPortalSessionService({ uow, clock, ttlSeconds: config.portalSessionTtlSeconds })
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
    visitors: createVisitorService({ uow, clock }),
    visitorData: createVisitorDataService({ uow, clock, signer: createTokenSigner(config.secretPepper, 'westfield-event') }),
    centers: createCenterService({ uow, clock }),
    offers: createOfferService({ uow, clock }),
    checkins: createCheckinService({ uow, clock }),
    visitorDetails: createVisitorDetailsService({ uow, rewards: createRewardService({ uow, clock, ledger: walletLedger }) }),
    parking: createParkingService({ uow, clock }),
    consent: createConsentService({ uow, clock }),
    interests: createInterestService({ uow, clock }),
    rewards: createRewardService({ uow, clock, ledger: walletLedger }),
    challenges: createChallengeService({ uow, clock }),
    articles: createArticleService({ uow, clock }),
    appTokens: createAppTokenService({ uow, clock, secrets, ttlSeconds: 3600, refreshTtlSeconds: 30 * 86_400 }),
    redeems: createRedeemService({ uow, clock, secrets, ledger }),
    activity: createActivityService({ uow, clock }),
    metrics,
    /** Whether this process can serve: the database answers, its schema is current, the relay has reported. */
    async readiness() {
      const database = await db.reader
        .selectFrom('accounts')
        .select('id')
        .limit(1)
        .execute()
        .then(
          () => true,
          () => false,
        )
      const migrations = database ? (await pendingMigrations(db).catch(() => ['unknown'])).length === 0 : false
      return { database, migrations, relay: events.watermark() !== null }
    },
    events,
    openSubscription: (options) => openSubscription({ ...options, bus: events }),
    relay,
    tokenRequests: createRequestCounter(redis, `punchcard:${namespace}:token-requests`),
    shops: createShopService({ uow }),
    giftcards,
    directory: createContactDirectory({ uow, clock }),
    identifiers: createIdentifierService({ uow, clock }),
    creditReceptions: createCreditReceptionService({ uow, clock, ledger: walletLedger, creditsPerUnit: config.creditsPerUnit }),
    portalSessions,
    webhooks: createWebhookService({ uow, clock, secrets: createSecretBox(config.secretPepper) }),
    webhookDispatcher: createWebhookDispatcher({
      uow,
      clock,
      ids: randomUUID,
      secrets: createSecretBox(config.secretPepper),
      sender: createHttpSender({ timeoutMs: config.webhookTimeoutMs, userAgent: 'Punchcard-Webhooks/1' }),
      renderer: leatWebhookRenderer,
      options: {
        retry: { baseDelayMs: config.webhookRetryBaseMs, maxDelayMs: config.webhookRetryMaxMs, maxAttempts: config.webhookMaxAttempts },
        batchSize: 100,
        // Longer than any attempt can take, so a delivery is never sent twice at once.
        leaseMs: config.webhookTimeoutMs + 30_000,
      },
    }),
    prepaid,
    vouchers,
    kiosk: createKioskService({ uow, clock, portalSessions, giftcards, prepaid, vouchers }),
    async close() {
      await relay.close()
      redis?.disconnect()
      await db.close()
    },
  }
}
