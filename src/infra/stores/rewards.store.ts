import type { Kysely } from 'kysely'
import type { RecordStore } from '../../domain/records/records.js'
import type { Reward } from '../../domain/rewards/rewards.js'
import type { Database } from '../db/schema.js'
import { createRecordStore, datedSorts, visitorColumns } from './records.store.js'

export const createRewardStore = (db: Kysely<Database>): RecordStore<Reward> =>
  createRecordStore(db, {
    table: 'visitor_rewards',
    fields: {
      ...visitorColumns,
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
    sortable: { ...datedSorts, rewardId: 'id' },
  })
