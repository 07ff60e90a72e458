import type { RecordStore } from '../records/records.js'
import type { Instant } from '../shared/clock.js'
import type { VisitorOwned } from './visitor-records.js'

/** The document's `ExternalType` enum (lookups); creation accepts the subset it lists. */
export const externalTypes = [
  'designa',
  'facebook',
  'google',
  'cognito',
  'pas',
  'pas_barcode',
  'fid',
  'fid_barcode',
  'partner',
  'crm_id',
  'analytics',
  'wifi_device_id',
] as const
export type ExternalType = (typeof externalTypes)[number]
export const bookmarkTypes = ['store', 'restaurant', 'deal', 'event', 'news'] as const
export const bookmarkSources = ['visitor', 'lbe'] as const
export const platforms = ['ios', 'android'] as const

/**
 * An id another system knows the visitor by. Its value is also a contact
 * identifier (`external_id`), so `customer/findByExternalId` of the MS
 * Loyalty API finds the same person.
 */
export interface ExternalId extends VisitorOwned {
  readonly externalType: string
  readonly externalId: string
  readonly pcCode: string | null
}

export interface Bookmark extends VisitorOwned {
  readonly pcCode: string
  readonly externalId: string
  readonly label: string
  readonly bookmarkType: string
  readonly source: string
}

/** A visitor's relation with one center. */
export interface VisitorCenter extends VisitorOwned {
  readonly pcCode: string
  readonly favoriteDate: Instant | null
  readonly isTlp: boolean
  readonly isFavorite: boolean
  readonly isSmartparker: boolean
  readonly centerCompanyId: number | null
}

/** A phone of the visitor, known by its `token`; each app installed on it is a `DeviceApp`. */
export interface Device extends VisitorOwned {
  readonly token: string
  readonly maker: string | null
  readonly model: string | null
  readonly osVersion: string | null
  readonly locale: string | null
  readonly platform: string
  readonly timezone: string | null
  readonly mobileCarrier: string | null
  readonly notificationToken: string
}

export interface DeviceApp extends VisitorOwned {
  readonly deviceId: number
  readonly urwAppId: string
  readonly notificationToken: string
}

export interface VisitorLocale extends VisitorOwned {
  readonly localeCode: string
}

export interface NamedRef {
  readonly id: string
  readonly name: string
}

/** A visitor's session in a center operation (a game), with the segments and stores it touched. */
export interface CenterOperationSession extends VisitorOwned {
  readonly pcCode: string
  readonly guid: string
  readonly gameId: string
  readonly gameName: string
  readonly optin: boolean
  readonly isContest: boolean
  readonly isWelcomeJourney: boolean
  readonly isWelcomeOffer: boolean
  readonly isWifit: boolean
  readonly isSynchronized: boolean
  readonly segments: readonly NamedRef[]
  readonly stores: readonly NamedRef[]
}

/** The locales a visitor may choose from, with their labels. */
export const locales: readonly { readonly localeCode: string; readonly localeLabel: string }[] = [
  { localeCode: 'cs-CZ', localeLabel: 'Čeština' },
  { localeCode: 'da-DK', localeLabel: 'Dansk' },
  { localeCode: 'de-DE', localeLabel: 'Deutsch' },
  { localeCode: 'en-GB', localeLabel: 'English (United Kingdom)' },
  { localeCode: 'en-US', localeLabel: 'English (United States)' },
  { localeCode: 'es-ES', localeLabel: 'Español' },
  { localeCode: 'fr-FR', localeLabel: 'Français' },
  { localeCode: 'it-IT', localeLabel: 'Italiano' },
  { localeCode: 'nl-NL', localeLabel: 'Nederlands' },
  { localeCode: 'pl-PL', localeLabel: 'Polski' },
  { localeCode: 'pt-PT', localeLabel: 'Português' },
  { localeCode: 'sk-SK', localeLabel: 'Slovenčina' },
  { localeCode: 'sv-SE', localeLabel: 'Svenska' },
]

/** `en_us`, `EN-us` and `en-US` name the same locale. */
export const localeKey = (code: string): string => {
  const [language = '', region] = code.replace('_', '-').split('-')
  return region ? `${language.toLowerCase()}-${region.toUpperCase()}` : language.toLowerCase()
}

export const localeLabel = (code: string): string | null => locales.find((l) => l.localeCode === localeKey(code))?.localeLabel ?? null

export interface VisitorDataStores {
  readonly externalIds: RecordStore<ExternalId>
  readonly bookmarks: RecordStore<Bookmark>
  readonly visitorCenters: RecordStore<VisitorCenter>
  readonly devices: RecordStore<Device>
  readonly deviceApps: RecordStore<DeviceApp>
  readonly locales: RecordStore<VisitorLocale>
  readonly sessions: RecordStore<CenterOperationSession>
}

/** Signs the claims of an event token; the token carries its own expiry. */
export interface TokenSigner {
  sign(claims: Readonly<Record<string, string | number>>): string
}

/** The store this module needs of the caller's transaction. */
export interface VisitorDataTx {
  readonly visitorData: VisitorDataStores
}
