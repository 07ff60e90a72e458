import { type Kysely, sql } from 'kysely'
import type { OfferStores } from '../../domain/offers/offers.js'
import type { Database } from '../db/schema.js'
import { accountColumns, createRecordStore, datedSorts } from './records.store.js'

export const createOfferStores = (db: Kysely<Database>): OfferStores => ({
  services: createRecordStore(db, {
    table: 'services',
    fields: {
      ...accountColumns,
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
    sortable: { ...datedSorts, serviceId: 'id' },
  }),
  stores: createRecordStore(db, {
    table: 'service_stores',
    fields: { ...accountColumns, serviceId: 'int', storeId: 'int', storeName: 'text', shopId: 'int' },
    sortable: { ...datedSorts, serviceStoreId: 'id' },
  }),
  segments: createRecordStore(db, {
    table: 'service_segments',
    fields: { ...accountColumns, serviceId: 'int', segmentId: 'int', segmentName: 'text' },
    sortable: { ...datedSorts, serviceSegmentId: 'id' },
  }),
  themes: createRecordStore(db, {
    table: 'service_themes',
    fields: { ...accountColumns, category: 'text', value: 'text', deprecated: 'bool' },
    sortable: { ...datedSorts, serviceThemeId: 'id' },
  }),
  targets: createRecordStore(db, {
    table: 'service_targets',
    fields: { ...accountColumns, value: 'text' },
    sortable: { ...datedSorts, serviceTargetId: 'id' },
  }),
  serviceThemes: createRecordStore(db, {
    table: 'service_service_themes',
    fields: { ...accountColumns, serviceId: 'int', serviceThemeId: 'int' },
    sortable: { ...datedSorts, serviceServiceThemeId: 'id' },
  }),
  serviceTargets: createRecordStore(db, {
    table: 'service_service_targets',
    fields: { ...accountColumns, serviceId: 'int', serviceTargetId: 'int' },
    sortable: { ...datedSorts, serviceServiceTargetId: 'id' },
  }),
  async checkinCounts(accountId, serviceIds) {
    if (serviceIds.length === 0) return new Map()
    const { rows } = await sql<{ service_id: number | string; n: number | string }>`select service_id, count(*) as n from checkins
      where account_id = ${accountId} and service_id in (${sql.join([...serviceIds])}) group by service_id`.execute(db)
    return new Map(rows.map((r) => [Number(r.service_id), Number(r.n)]))
  },
})
