import type { Kysely } from 'kysely'
import type { Interest } from '../../domain/interests/interests.js'
import type { RecordStore } from '../../domain/records/records.js'
import type { Database } from '../db/schema.js'
import { createRecordStore, datedSorts, visitorColumns } from './records.store.js'

export const createInterestStore = (db: Kysely<Database>): RecordStore<Interest> =>
  createRecordStore(db, {
    table: 'visitor_interests',
    fields: { ...visitorColumns, externalId: 'text', label: 'text' },
    sortable: { ...datedSorts, interestId: 'id' },
  })
