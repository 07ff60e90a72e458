import { type Kysely, sql } from 'kysely'
import type { CenterStores } from '../../domain/centers/centers.js'
import type { Checkin } from '../../domain/checkins/checkins.js'
import type { RecordStore } from '../../domain/records/records.js'
import type { ServiceStores } from '../../domain/services/services.js'
import type { VisitorDataStores } from '../../domain/visitors/visitor-data.js'
import type { Database } from '../db/schema.js'
import { type ColumnKind, createRecordStore } from './records.store.js'

/** Columns every record of a visitor has. */
const owner = { accountId: 'int', contactId: 'int', visitorId: 'text', createdAt: 'int', updatedAt: 'int' } as const satisfies Record<string, ColumnKind>
const account = { accountId: 'int', createdAt: 'int', updatedAt: 'int' } as const satisfies Record<string, ColumnKind>
/** Sort names every Westfield record shows. */
const dates = { creationDate: 'createdAt', updateDate: 'updatedAt' } as const

export const createVisitorDataStores = (db: Kysely<Database>): VisitorDataStores => ({
  externalIds: createRecordStore(db, {
    table: 'visitor_external_ids',
    fields: { ...owner, externalType: 'text', externalId: 'text', pcCode: 'text' },
    sortable: dates,
  }),
  bookmarks: createRecordStore(db, {
    table: 'bookmarks',
    fields: { ...owner, pcCode: 'text', externalId: 'text', label: 'text', bookmarkType: 'text', source: 'text' },
    sortable: { ...dates, bookmarkId: 'id' },
  }),
  visitorCenters: createRecordStore(db, {
    table: 'visitor_centers',
    fields: { ...owner, pcCode: 'text', favoriteDate: 'int', isTlp: 'bool', isFavorite: 'bool', isSmartparker: 'bool', centerCompanyId: 'int' },
    sortable: { ...dates, visitorCenterId: 'id' },
  }),
  devices: createRecordStore(db, {
    table: 'devices',
    fields: {
      ...owner,
      token: 'text',
      maker: 'text',
      model: 'text',
      osVersion: 'text',
      locale: 'text',
      platform: 'text',
      timezone: 'text',
      mobileCarrier: 'text',
      notificationToken: 'text',
    },
    sortable: { ...dates, deviceId: 'id' },
  }),
  deviceApps: createRecordStore(db, {
    table: 'device_apps',
    fields: { ...owner, deviceId: 'int', urwAppId: 'text', notificationToken: 'text' },
    sortable: { ...dates, appId: 'id' },
  }),
  locales: createRecordStore(db, { table: 'visitor_locales', fields: { ...owner, localeCode: 'text' }, sortable: dates }),
  sessions: createRecordStore(db, {
    table: 'center_operation_sessions',
    fields: {
      ...owner,
      pcCode: 'text',
      guid: 'text',
      gameId: 'text',
      gameName: 'text',
      optin: 'bool',
      isContest: 'bool',
      isWelcomeJourney: 'bool',
      isWelcomeOffer: 'bool',
      isWifit: 'bool',
      isSynchronized: 'bool',
      segments: 'json',
      stores: 'json',
    },
    sortable: dates,
  }),
})

export const createCenterStores = (db: Kysely<Database>): CenterStores => ({
  centers: createRecordStore(db, {
    table: 'centers',
    fields: {
      ...account,
      pcCode: 'text',
      label: 'text',
      country: 'text',
      isWestfield: 'bool',
      centerId: 'text',
      centerCode: 'int',
      hasWorker: 'bool',
      hasMultiStep: 'bool',
      isActive: 'bool',
      hasEmailValidation: 'bool',
      loyaltyStartDate: 'int',
      hasBasicLoyalty: 'bool',
      parkingPartner: 'text',
      walletContextId: 'int',
      urwAppId: 'text',
      hasRegistration: 'bool',
      hasLoyalty: 'bool',
    },
    sortable: dates,
  }),
  companies: createRecordStore(db, {
    table: 'center_companies',
    fields: { ...account, pcCode: 'text', companyName: 'text' },
    sortable: { ...dates, centerCompanyId: 'id' },
  }),
})

export const createServiceStores = (db: Kysely<Database>): ServiceStores => ({
  services: createRecordStore(db, {
    table: 'services',
    fields: {
      ...account,
      pcCode: 'text',
      name: 'text',
      category: 'text',
      useRate: 'text',
      daysOfUse: 'json',
      colorCode: 'text',
      isPremium: 'bool',
      undeletable: 'bool',
      startDate: 'int',
      endDate: 'int',
    },
    sortable: { ...dates, serviceId: 'id' },
  }),
  stores: createRecordStore(db, {
    table: 'service_stores',
    fields: { ...account, serviceId: 'int', storeId: 'int', storeName: 'text', shopId: 'int' },
    sortable: { ...dates, serviceStoreId: 'id' },
  }),
  segments: createRecordStore(db, {
    table: 'service_segments',
    fields: { ...account, serviceId: 'int', segmentId: 'int', segmentName: 'text' },
    sortable: { ...dates, serviceSegmentId: 'id' },
  }),
  themes: createRecordStore(db, {
    table: 'service_themes',
    fields: { ...account, category: 'text', value: 'text', deprecated: 'bool' },
    sortable: { ...dates, serviceThemeId: 'id' },
  }),
  targets: createRecordStore(db, { table: 'service_targets', fields: { ...account, value: 'text' }, sortable: { ...dates, serviceTargetId: 'id' } }),
  serviceThemes: createRecordStore(db, {
    table: 'service_service_themes',
    fields: { ...account, serviceId: 'int', serviceThemeId: 'int' },
    sortable: { ...dates, serviceServiceThemeId: 'id' },
  }),
  serviceTargets: createRecordStore(db, {
    table: 'service_service_targets',
    fields: { ...account, serviceId: 'int', serviceTargetId: 'int' },
    sortable: { ...dates, serviceServiceTargetId: 'id' },
  }),
  async checkinCounts(accountId, serviceIds) {
    if (serviceIds.length === 0) return new Map()
    const { rows } = await sql<{ service_id: number | string; n: number | string }>`select service_id, count(*) as n from checkins
      where account_id = ${accountId} and service_id in (${sql.join([...serviceIds])}) group by service_id`.execute(db)
    return new Map(rows.map((r) => [Number(r.service_id), Number(r.n)]))
  },
})

export const createCheckinStore = (db: Kysely<Database>): RecordStore<Checkin> =>
  createRecordStore(db, {
    table: 'checkins',
    fields: { ...owner, pcCode: 'text', serviceId: 'int', origin: 'text' },
    sortable: { ...dates, checkinId: 'id' },
  })
