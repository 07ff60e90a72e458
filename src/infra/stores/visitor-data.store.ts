import type { Kysely } from 'kysely'
import type { VisitorDataStores } from '../../domain/visitors/visitor-data.js'
import type { Database } from '../db/schema.js'
import { createRecordStore, datedSorts, visitorColumns } from './records.store.js'

export const createVisitorDataStores = (db: Kysely<Database>): VisitorDataStores => ({
  externalIds: createRecordStore(db, {
    table: 'visitor_external_ids',
    fields: { ...visitorColumns, externalType: 'text', externalId: 'text', pcCode: 'text' },
    sortable: datedSorts,
  }),
  bookmarks: createRecordStore(db, {
    table: 'bookmarks',
    fields: { ...visitorColumns, pcCode: 'text', externalId: 'text', label: 'text', bookmarkType: 'text', source: 'text' },
    sortable: { ...datedSorts, bookmarkId: 'id' },
  }),
  visitorCenters: createRecordStore(db, {
    table: 'visitor_centers',
    fields: { ...visitorColumns, pcCode: 'text', favoriteDate: 'int', isTlp: 'bool', isFavorite: 'bool', isSmartparker: 'bool', centerCompanyId: 'int' },
    sortable: { ...datedSorts, visitorCenterId: 'id' },
  }),
  devices: createRecordStore(db, {
    table: 'devices',
    fields: {
      ...visitorColumns,
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
    sortable: { ...datedSorts, deviceId: 'id' },
  }),
  deviceApps: createRecordStore(db, {
    table: 'device_apps',
    fields: { ...visitorColumns, deviceId: 'int', urwAppId: 'text', notificationToken: 'text' },
    sortable: { ...datedSorts, appId: 'id' },
  }),
  locales: createRecordStore(db, { table: 'visitor_locales', fields: { ...visitorColumns, localeCode: 'text' }, sortable: datedSorts }),
  sessions: createRecordStore(db, {
    table: 'center_operation_sessions',
    fields: {
      ...visitorColumns,
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
    sortable: datedSorts,
  }),
})
