import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Article } from '../../domain/articles/articles.js'
import type { ChallengeStores } from '../../domain/challenges/challenges.store.js'
import type { ConsentStores } from '../../domain/consent/consent.store.js'
import type { Interest } from '../../domain/interests/interests.js'
import type { ParkingStores } from '../../domain/parking/parking.store.js'
import type { RecordStore } from '../../domain/records/records.js'
import type { Reward } from '../../domain/rewards/rewards.js'
import type { Database } from '../db/schema.js'
import { type ColumnKind, createRecordStore } from './records.store.js'

/** Columns every visitor record has. */
const owner = { accountId: 'int', contactId: 'int', visitorId: 'text', createdAt: 'int', updatedAt: 'int' } as const satisfies Record<string, ColumnKind>
/** Sort names every Westfield record shows. */
const dates = { creationDate: 'createdAt', updateDate: 'updatedAt' } as const

export const createParkingStores = (db: Kysely<Database>): ParkingStores => ({
  creditCards: createRecordStore(db, {
    table: 'visitor_credit_cards',
    fields: {
      ...owner,
      firstName: 'text',
      lastName: 'text',
      postalCode: 'text',
      serviceTypes: 'json',
      year: 'int',
      month: 'int',
      fingerprint: 'text',
      cardType: 'text',
      firstSixDigits: 'text',
      lastFourDigits: 'text',
      paymentMethodToken: 'text',
      deletedAt: 'int',
    },
    sortable: { ...dates, cardId: 'id', deletionDate: 'deletedAt' },
  }),
  vehicles: createRecordStore(db, {
    table: 'visitor_vehicles',
    fields: {
      ...owner,
      name: 'text',
      maker: 'text',
      color: 'text',
      model: 'text',
      licensePlate: 'text',
      plateKey: 'text',
      licensePlateCountry: 'text',
      yearOfManufacture: 'int',
      lastParkingSession: 'int',
      deletedAt: 'int',
    },
    sortable: { ...dates, vehicleId: 'id', deletionDate: 'deletedAt' },
  }),
  vehiclePartners: createRecordStore(db, {
    table: 'visitor_vehicle_partners',
    fields: { ...owner, vehicleId: 'int', partnerId: 'text', parkingPartner: 'text', visitorCenterId: 'int', pcCode: 'text' },
    sortable: { ...dates, vehiclePartnerId: 'id' },
  }),
  parkings: createRecordStore(db, {
    table: 'visitor_parkings',
    fields: { ...owner, parkingPartner: 'text', isActive: 'bool', subscriptionDate: 'int', unsubscribedAt: 'int' },
    sortable: { ...dates, parkingId: 'id' },
  }),
  histories: createRecordStore(db, {
    table: 'visitor_parking_histories',
    fields: {
      ...owner,
      cardId: 'int',
      parkingId: 'int',
      pcCode: 'text',
      parkingSessionId: 'int',
      parkingSessionStart: 'int',
      parkingSessionEnd: 'int',
      amount: 'int',
      currency: 'text',
      accessDevice: 'text',
      exitAccessDevice: 'text',
      formattedTotalTime: 'text',
      paidAt: 'int',
      paidAtKiosk: 'bool',
      refundedAmount: 'int',
      paymentStatus: 'text',
      totalTime: 'int',
      transactionFullAmount: 'int',
      transactionId: 'text',
      transactionPretaxAmount: 'int',
      transactionTaxAmount: 'int',
      validationAmount: 'int',
      vendorId: 'text',
    },
    sortable: { ...dates, parkingHistoryId: 'id' },
  }),
  visits: createRecordStore(db, {
    table: 'smartparking_visits',
    fields: { ...owner, pcCode: 'text', visitDate: 'int', visitType: 'text', licensePlate: 'text' },
    sortable: dates,
  }),
})

export const createConsentStores = (db: Kysely<Database>): ConsentStores => ({
  legalTexts: createRecordStore(db, {
    table: 'legal_texts',
    fields: { accountId: 'int', type: 'text', version: 'int', releaseDate: 'int', requireConsent: 'bool', createdAt: 'int', updatedAt: 'int' },
    sortable: dates,
  }),
  legalTextLocales: createRecordStore(db, {
    table: 'legal_text_locales',
    fields: {
      accountId: 'int',
      legalTextId: 'int',
      localeCode: 'text',
      optinDisplayText: 'text',
      optinHeaderText: 'text',
      documentText: 'text',
      createdAt: 'int',
      updatedAt: 'int',
    },
    sortable: dates,
  }),
  optins: createRecordStore(db, {
    table: 'visitor_optins',
    fields: {
      ...owner,
      clientId: 'text',
      sendId: 'text',
      optinChannel: 'text',
      optinType: 'text',
      legalTextId: 'int',
      isActive: 'bool',
      lastOpenedDate: 'int',
      contextId: 'int',
      optinDate: 'int',
      optoutDate: 'int',
    },
    sortable: { ...dates, optinId: 'id' },
  }),
  async visitorCenterCountries(accountId, contactId) {
    const { rows } = await sql<{ country: string }>`select distinct c.country from visitor_centers vc
      join centers c on c.account_id = vc.account_id and c.pc_code = vc.pc_code
      where vc.account_id = ${accountId} and vc.contact_id = ${contactId}`.execute(db)
    return rows.map((r) => r.country)
  },
  async centerCountry(accountId, pcCode) {
    const { rows } = await sql<{ country: string }>`select country from centers where account_id = ${accountId} and pc_code = ${pcCode}`.execute(db)
    return rows[0]?.country ?? null
  },
})

export const createInterestStore = (db: Kysely<Database>): RecordStore<Interest> =>
  createRecordStore(db, { table: 'visitor_interests', fields: { ...owner, externalId: 'text', label: 'text' }, sortable: { ...dates, interestId: 'id' } })

export const createRewardStore = (db: Kysely<Database>): RecordStore<Reward> =>
  createRecordStore(db, {
    table: 'visitor_rewards',
    fields: {
      ...owner,
      pcCode: 'text',
      unitId: 'int',
      startDate: 'int',
      endDate: 'int',
      isScan: 'bool',
      isBank: 'bool',
      isRestaurant: 'bool',
      outsideOptin: 'bool',
      threshold: 'int',
      lastPurchaseDate: 'int',
      externalId: 'text',
      upgradedFrom: 'text',
    },
    sortable: { ...dates, rewardId: 'id' },
  })

export const createChallengeStores = (db: Kysely<Database>): ChallengeStores => ({
  challenges: createRecordStore(db, {
    table: 'challenges',
    fields: {
      accountId: 'int',
      pcCode: 'text',
      genericName: 'text',
      type: 'text',
      startDate: 'int',
      endDate: 'int',
      timezone: 'text',
      imageUrl: 'text',
      winnerNumber: 'int',
      rewardExpirationSeconds: 'int',
      status: 'text',
      displayName: 'json',
      description: 'json',
      rewardDetail: 'json',
      terminatedAt: 'int',
      createdAt: 'int',
      updatedAt: 'int',
    },
    sortable: { challengeId: 'id', createdAt: 'createdAt', updatedAt: 'updatedAt', ...dates },
  }),
  participants: createRecordStore(db, {
    table: 'visitor_challenges',
    fields: {
      ...owner,
      challengeId: 'int',
      points: 'int',
      totalEntryCount: 'int',
      bonusEntryCount: 'int',
      lastEntryDate: 'int',
      lastBonusDate: 'int',
      rewardUnlocked: 'bool',
      rewardReceived: 'bool',
      rewardExpiresAt: 'int',
      registeredDate: 'int',
    },
    sortable: { ...dates, visitorChallengeId: 'id' },
  }),
})

export const createArticleStore = (db: Kysely<Database>): RecordStore<Article> =>
  createRecordStore(db, {
    table: 'articles',
    fields: {
      accountId: 'int',
      genericName: 'text',
      mainImageUrl: 'text',
      status: 'text',
      publishDate: 'int',
      title: 'json',
      content: 'json',
      createdAt: 'int',
      updatedAt: 'int',
    },
    sortable: { ...dates, articleId: 'id' },
  })
