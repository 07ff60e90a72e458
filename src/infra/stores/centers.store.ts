import type { Kysely } from 'kysely'
import type { CenterStores } from '../../domain/centers/centers.js'
import type { Database } from '../db/schema.js'
import { accountColumns, createRecordStore, datedSorts } from './records.store.js'

export const createCenterStores = (db: Kysely<Database>): CenterStores => ({
  centers: createRecordStore(db, {
    table: 'centers',
    fields: {
      ...accountColumns,
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
    sortable: datedSorts,
  }),
  companies: createRecordStore(db, {
    table: 'center_companies',
    fields: { ...accountColumns, pcCode: 'text', companyName: 'text' },
    sortable: { ...datedSorts, centerCompanyId: 'id' },
  }),
})
