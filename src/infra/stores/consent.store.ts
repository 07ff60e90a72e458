import { type Kysely, sql } from 'kysely'
import type { ConsentStores } from '../../domain/consent/consent.store.js'
import type { Database } from '../db/schema.js'
import { createRecordStore, datedSorts, visitorColumns } from './records.store.js'

export const createConsentStores = (db: Kysely<Database>): ConsentStores => ({
  legalTexts: createRecordStore(db, {
    table: 'legal_texts',
    fields: { accountId: 'int', type: 'text', version: 'int', releaseDate: 'int', requireConsent: 'bool', createdAt: 'int', updatedAt: 'int' },
    sortable: datedSorts,
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
    sortable: datedSorts,
  }),
  optins: createRecordStore(db, {
    table: 'visitor_optins',
    fields: {
      ...visitorColumns,
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
    sortable: { ...datedSorts, optinId: 'id' },
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
