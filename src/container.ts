import { join } from 'node:path'
import { Redis } from 'ioredis'
import type { Config } from './config.js'
import { type AuthService, createAuthService } from './domain/accounts/auth.service.js'
import { type ArticleService, createArticleService } from './domain/articles/articles.service.js'
import { type CenterService, createCenterService } from './domain/centers/centers.service.js'
import { type ChallengeService, createChallengeService } from './domain/challenges/challenges.service.js'
import { type CheckinService, createCheckinService } from './domain/checkins/checkins.service.js'
import { type ConsentService, createConsentService } from './domain/consent/consent.service.js'
import { createInterestService, type InterestService } from './domain/interests/interests.service.js'
import { createLedgerService, type LedgerService } from './domain/ledger/ledger.service.js'
import { createParkingService, type ParkingService } from './domain/parking/parking.service.js'
import { createReportService, type ReportService } from './domain/reports/reports.service.js'
import { createRewardService, type RewardService } from './domain/rewards/rewards.service.js'
import { createServiceService, type ServiceService } from './domain/services/services.service.js'
import { type Clock, systemClock } from './domain/shared/clock.js'
import type { UnitOfWork } from './domain/shared/unit-of-work.js'
import { createTierService, type TierService } from './domain/tiers/tiers.service.js'
import { createVisitorDataService, type VisitorDataService } from './domain/visitors/visitor-data.service.js'
import { createVisitorDetailsService, type VisitorDetailsService } from './domain/visitors/visitor-details.service.js'
import { createVisitorService, type VisitorService } from './domain/visitors/visitors.service.js'
import { type Db, openDatabase } from './infra/db/database.js'
import { migrateToLatest } from './infra/db/migrate.js'
import { createUnitOfWork } from './infra/db/unit-of-work.js'
import { createSecretService } from './infra/security.js'
import { createTokenSigner } from './infra/tokens.js'

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
  readonly visitors: VisitorService
  readonly visitorData: VisitorDataService
  readonly centers: CenterService
  readonly services: ServiceService
  readonly checkins: CheckinService
  readonly visitorDetails: VisitorDetailsService
  readonly parking: ParkingService
  readonly consent: ConsentService
  readonly interests: InterestService
  readonly rewards: RewardService
  readonly challenges: ChallengeService
  readonly articles: ArticleService
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
  return {
    config,
    db,
    redis,
    clock,
    uow,
    auth: createAuthService({ uow, clock, secrets, tokenTtlSeconds: config.tokenTtlSeconds }),
    ledger: createLedgerService({ uow, clock }),
    tiers: createTierService({ uow }),
    reports: createReportService({ uow }),
    visitors: createVisitorService({ uow, clock }),
    visitorData: createVisitorDataService({ uow, clock, signer: createTokenSigner(config.secretPepper, 'westfield-event') }),
    centers: createCenterService({ uow, clock }),
    services: createServiceService({ uow, clock }),
    checkins: createCheckinService({ uow, clock }),
    visitorDetails: createVisitorDetailsService({ uow, rewards: createRewardService({ uow, clock, ledger: createLedgerService({ uow, clock }) }) }),
    parking: createParkingService({ uow, clock }),
    consent: createConsentService({ uow, clock }),
    interests: createInterestService({ uow, clock }),
    rewards: createRewardService({ uow, clock, ledger: createLedgerService({ uow, clock }) }),
    challenges: createChallengeService({ uow, clock }),
    articles: createArticleService({ uow, clock }),
    async close() {
      redis?.disconnect()
      await db.close()
    },
  }
}
