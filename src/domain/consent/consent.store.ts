import type { RecordStore } from '../records/records.js'
import type { LegalText, LegalTextLocale, Optin } from './consent.js'

export interface ConsentStores {
  readonly legalTexts: RecordStore<LegalText>
  readonly legalTextLocales: RecordStore<LegalTextLocale>
  readonly optins: RecordStore<Optin>
  /** Countries of the centers a visitor belongs to. */
  visitorCenterCountries(accountId: number, contactId: number): Promise<string[]>
  /** The country of a center, or null when there is no such center. */
  centerCountry(accountId: number, pcCode: string): Promise<string | null>
}

/** The store this module needs of the caller's transaction. */
export interface ConsentTx {
  readonly consent: ConsentStores
}
