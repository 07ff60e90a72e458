import type { Kysely } from 'kysely'
import type { Checkin } from '../../domain/checkins/checkins.js'
import type { RecordStore } from '../../domain/records/records.js'
import type { Database } from '../db/schema.js'
import { createRecordStore, datedSorts, visitorColumns } from './records.store.js'

export const createCheckinStore = (db: Kysely<Database>): RecordStore<Checkin> =>
  createRecordStore(db, {
    table: 'checkins',
    fields: { ...visitorColumns, pcCode: 'text', serviceId: 'int', origin: 'text' },
    sortable: { ...datedSorts, checkinId: 'id' },
  })
