import type { Where } from '../records/records.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import { type Listed, type ListQuery, listInMemory } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import { emit, type VisitorInput, visitorRecords } from '../visitors/visitor-records.js'
import { found, requireVisitor } from '../visitors/visitor-ref.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'
import {
  inForce,
  type LegalText,
  type LegalTextLocale,
  type LegalType,
  latestOptins,
  type Optin,
  type OptinChannel,
  type OptinType,
  requiredConsents,
} from './consent.js'
import type { ConsentTx } from './consent.store.js'

type Tx = ConsentTx & EventsTx & IdempotencyTx & VisitorsTx

/** A legal text with the texts of one locale (the asked one, else its first). */
export interface LegalTextView {
  readonly text: LegalText
  readonly locale: LegalTextLocale | null
}

export interface LegalTextFilter {
  readonly legalType?: LegalType | undefined
  readonly version?: number | undefined
  /** Only the version of each type in force now. */
  readonly latest?: boolean | undefined
  readonly locale?: string | undefined
}

export interface OptinFilter {
  readonly isActive?: boolean | undefined
  readonly contextId?: number | undefined
  /** Only the newest optin of each type and channel. */
  readonly latest?: boolean | undefined
  readonly optinType?: OptinType | undefined
  readonly optinChannel?: OptinChannel | undefined
}

export type LocaleTexts = Pick<LegalTextLocale, 'optinDisplayText' | 'optinHeaderText' | 'documentText'>

const legalTextSort: Record<string, keyof LegalText> = {
  id: 'id',
  type: 'type',
  version: 'version',
  releaseDate: 'releaseDate',
  requireConsent: 'requireConsent',
  creationDate: 'createdAt',
  updateDate: 'updatedAt',
}

const optinSort: Record<string, keyof Optin> = {
  optinId: 'id',
  clientId: 'clientId',
  sendId: 'sendId',
  optinChannel: 'optinChannel',
  optinType: 'optinType',
  legalTextId: 'legalTextId',
  isActive: 'isActive',
  lastOpenedDate: 'lastOpenedDate',
  contextId: 'contextId',
  optinDate: 'optinDate',
  optoutDate: 'optoutDate',
  creationDate: 'createdAt',
  updateDate: 'updatedAt',
}

export interface ConsentService {
  /** A new version of a type: one more than its newest version. */
  createLegalText(ctx: CommandContext, input: { type: LegalType; releaseDate: Instant; requireConsent: boolean }): Promise<LegalTextView>
  listLegalTexts(accountId: number, filter: LegalTextFilter, query: ListQuery): Promise<Listed<LegalTextView>>
  /** @throws resource.not_found */
  getLegalText(accountId: number, id: number, locale?: string | undefined): Promise<LegalTextView>
  /** @throws resource.not_found */
  updateLegalText(ctx: CommandContext, id: number, patch: { releaseDate?: Instant | undefined; requireConsent?: boolean | undefined }): Promise<LegalTextView>
  /** @throws resource.not_found, resource.duplicate (the locale exists) */
  addLocale(ctx: CommandContext, legalTextId: number, localeCode: string, texts: LocaleTexts): Promise<LegalTextLocale>
  /** @throws resource.not_found */
  listLocales(accountId: number, legalTextId: number, query: ListQuery): Promise<Listed<LegalTextLocale>>
  /** @throws resource.not_found */
  getLocale(accountId: number, legalTextId: number, localeCode: string): Promise<LegalTextLocale>
  /** @throws resource.not_found */
  updateLocale(ctx: CommandContext, legalTextId: number, localeCode: string, patch: Partial<LocaleTexts>): Promise<LegalTextLocale>
  /** @throws visitor.not_found, resource.not_found (legalTextId) */
  createOptin(ctx: CommandContext, visitorId: string, input: Omit<VisitorInput<Optin>, 'optinDate' | 'optoutDate'>): Promise<Optin>
  listOptins(accountId: number, visitorId: string, filter: OptinFilter, query: ListQuery): Promise<Listed<Optin>>
  getOptin(accountId: number, visitorId: string, id: number): Promise<Optin>
  updateOptin(ctx: CommandContext, visitorId: string, id: number, patch: { clientId?: string | undefined; sendId?: string | undefined }): Promise<Optin>
  /**
   * Withdraws a consent: inactive from now on, kept as a record.
   * @throws visitor.not_found, resource.not_found
   */
  disableOptin(ctx: CommandContext, visitorId: string, id: number): Promise<Optin>
  /**
   * Removes every optin of a type and channel.
   * @throws visitor.not_found, resource.not_found when there is none
   */
  deleteOptins(
    ctx: CommandContext,
    visitorId: string,
    optinType: 'smartparking_us' | 'terms' | 'privacy' | 'loyalty' | 'sms_us' | 'commercial' | 'center' | 'wallet',
    optinChannel: 'push' | 'email' | 'sms' | 'none',
  ): Promise<void>
  /**
   * The legal texts in force that the visitor must still accept, for the
   * centers the visitor belongs to and, when named, a center being joined.
   * @throws visitor.not_found, center.not_found (newCenter)
   */
  requiredConsents(accountId: number, visitorId: string, newCenter?: string | undefined): Promise<LegalText[]>
}

/** Legal texts with their versions and locales, visitors' optins, and the consents a visitor still owes. */
export const createConsentService = (deps: { uow: UnitOfWork<Tx>; clock: Clock }): ConsentService => {
  const { uow, clock } = deps
  const write = writer(deps)
  const optins = visitorRecords(deps, (tx) => tx.consent.optins, 'optinId', 'westfield.optin')

  const requireText = async (tx: Tx, accountId: number, id: number, field = 'legalTextId'): Promise<LegalText> =>
    found(await tx.consent.legalTexts.get(accountId, id), field, id)

  const requireLocale = async (tx: Tx, accountId: number, legalTextId: number, localeCode: string): Promise<LegalTextLocale> => {
    const [locale] = await tx.consent.legalTextLocales.find(accountId, {
      all: [
        ['legalTextId', { op: 'eq', value: legalTextId }],
        ['localeCode', { op: 'eq', value: localeCode }],
      ],
    })
    return found(locale ?? null, 'localeCode', localeCode)
  }

  const withLocales = async (tx: Tx, accountId: number, texts: readonly LegalText[], locale: string | undefined): Promise<LegalTextView[]> => {
    const locales = await tx.consent.legalTextLocales.find(accountId, { all: [['legalTextId', { op: 'in', values: texts.map((t) => t.id) }]] })
    return texts.map((text) => {
      const own = locales.filter((l) => l.legalTextId === text.id)
      return { text, locale: (locale === undefined ? own[0] : own.find((l) => l.localeCode === locale)) ?? null }
    })
  }

  const textWhere = (f: LegalTextFilter): Where<LegalText> => ({
    all: [
      ...(f.legalType !== undefined ? [['type', { op: 'eq', value: f.legalType }] as const] : []),
      ...(f.version !== undefined ? [['version', { op: 'eq', value: f.version }] as const] : []),
    ],
  })

  const optinWhere = (f: OptinFilter): Where<Optin> => ({
    all: [
      ...(f.isActive !== undefined ? [['isActive', { op: 'eq', value: f.isActive }] as const] : []),
      ...(f.contextId !== undefined ? [['contextId', { op: 'eq', value: f.contextId }] as const] : []),
      ...(f.optinType !== undefined ? [['optinType', { op: 'eq', value: f.optinType }] as const] : []),
      ...(f.optinChannel !== undefined ? [['optinChannel', { op: 'eq', value: f.optinChannel }] as const] : []),
    ],
  })

  return {
    createLegalText: (ctx: CommandContext, input: { type: LegalType; releaseDate: Instant; requireConsent: boolean }): Promise<LegalTextView> =>
      write(ctx, async (tx, now) => {
        const [newest] = await tx.consent.legalTexts.find(ctx.accountId, { all: [['type', { op: 'eq', value: input.type }]] }, [
          { field: 'version', descending: true },
        ])
        const text = await tx.consent.legalTexts.insert({
          accountId: ctx.accountId,
          ...input,
          version: (newest?.version ?? 0) + 1,
          createdAt: now,
          updatedAt: now,
        })
        await emit(tx, ctx.accountId, 'westfield.legal_text.created', { id: text.id, type: text.type, version: text.version }, now)
        return { text, locale: null }
      }),

    listLegalTexts: (accountId: number, filter: LegalTextFilter, query: ListQuery): Promise<Listed<LegalTextView>> =>
      uow.read(async (tx) => {
        let page: Listed<LegalText>
        if (filter.latest) {
          const all = inForce(await tx.consent.legalTexts.find(accountId, textWhere(filter)), clock.now())
          page = listInMemory(all, query, (t, field) => t[legalTextSort[field] ?? 'id'])
        } else {
          page = await tx.consent.legalTexts.list(accountId, textWhere(filter), query)
        }
        return { items: await withLocales(tx, accountId, page.items, filter.locale), total: page.total }
      }),

    getLegalText: (accountId: number, id: number, locale?: string): Promise<LegalTextView> =>
      uow.read(async (tx) => {
        const [view] = await withLocales(tx, accountId, [await requireText(tx, accountId, id)], locale)
        if (!view) throw new Error('legal text view missing')
        return view
      }),

    updateLegalText: (
      ctx: CommandContext,
      id: number,
      patch: { releaseDate?: Instant | undefined; requireConsent?: boolean | undefined },
    ): Promise<LegalTextView> =>
      write(ctx, async (tx, now) => {
        await requireText(tx, ctx.accountId, id)
        const text = found(await tx.consent.legalTexts.update(ctx.accountId, id, { ...patch, updatedAt: now }), 'legalTextId', id)
        await emit(tx, ctx.accountId, 'westfield.legal_text.updated', { id }, now)
        const [view] = await withLocales(tx, ctx.accountId, [text], undefined)
        return view ?? { text, locale: null }
      }),

    addLocale: (ctx: CommandContext, legalTextId: number, localeCode: string, texts: LocaleTexts): Promise<LegalTextLocale> =>
      write(ctx, async (tx, now) => {
        await requireText(tx, ctx.accountId, legalTextId)
        const [existing] = await tx.consent.legalTextLocales.find(ctx.accountId, {
          all: [
            ['legalTextId', { op: 'eq', value: legalTextId }],
            ['localeCode', { op: 'eq', value: localeCode }],
          ],
        })
        if (existing) throw new DomainError('resource.duplicate', { field: 'localeCode', reason: `legal text ${legalTextId} already has locale ${localeCode}` })
        const locale = await tx.consent.legalTextLocales.insert({ accountId: ctx.accountId, legalTextId, localeCode, ...texts, createdAt: now, updatedAt: now })
        await emit(tx, ctx.accountId, 'westfield.legal_text.locale_added', { legalTextId, localeCode }, now)
        return locale
      }),

    listLocales: (accountId: number, legalTextId: number, query: ListQuery): Promise<Listed<LegalTextLocale>> =>
      uow.read(async (tx) => {
        await requireText(tx, accountId, legalTextId)
        return tx.consent.legalTextLocales.list(accountId, { all: [['legalTextId', { op: 'eq', value: legalTextId }]] }, query)
      }),

    getLocale: (accountId: number, legalTextId: number, localeCode: string): Promise<LegalTextLocale> =>
      uow.read(async (tx) => {
        await requireText(tx, accountId, legalTextId)
        return requireLocale(tx, accountId, legalTextId, localeCode)
      }),

    updateLocale: (ctx: CommandContext, legalTextId: number, localeCode: string, patch: Partial<LocaleTexts>): Promise<LegalTextLocale> =>
      write(ctx, async (tx, now) => {
        await requireText(tx, ctx.accountId, legalTextId)
        const locale = await requireLocale(tx, ctx.accountId, legalTextId, localeCode)
        const updated = found(await tx.consent.legalTextLocales.update(ctx.accountId, locale.id, { ...patch, updatedAt: now }), 'localeCode', localeCode)
        await emit(tx, ctx.accountId, 'westfield.legal_text.locale_updated', { legalTextId, localeCode }, now)
        return updated
      }),

    createOptin: (ctx: CommandContext, visitorId: string, input: Omit<VisitorInput<Optin>, 'optinDate' | 'optoutDate'>): Promise<Optin> =>
      optins.create(
        ctx,
        visitorId,
        (now) => ({ ...input, optinDate: now, optoutDate: input.isActive ? null : now }),
        async (tx) => {
          if (input.legalTextId !== null) await requireText(tx, ctx.accountId, input.legalTextId)
        },
      ),

    listOptins: (accountId: number, visitorId: string, filter: OptinFilter, query: ListQuery): Promise<Listed<Optin>> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        if (!filter.latest) return tx.consent.optins.list(accountId, optins.within(visitor, optinWhere(filter)), query)
        const all = await tx.consent.optins.find(accountId, optins.within(visitor, optinWhere({ ...filter, isActive: undefined })))
        const latest = latestOptins(all).filter((o) => filter.isActive === undefined || o.isActive === filter.isActive)
        return listInMemory(latest, query, (o, field) => o[optinSort[field] ?? 'id'])
      }),

    getOptin: optins.get,
    updateOptin: (ctx: CommandContext, visitorId: string, id: number, patch: { clientId?: string | undefined; sendId?: string | undefined }) =>
      optins.update(ctx, visitorId, id, patch),

    /** Withdraws a consent: inactive from now on, kept as a record. @throws visitor.not_found, resource.not_found */
    disableOptin: (ctx: CommandContext, visitorId: string, id: number): Promise<Optin> =>
      optins.update(ctx, visitorId, id, (current, now) => (current.isActive ? { isActive: false, optoutDate: now } : {})),

    /** Removes every optin of a type and channel. @throws visitor.not_found, resource.not_found when there is none */
    deleteOptins: (ctx: CommandContext, visitorId: string, optinType: OptinType, optinChannel: OptinChannel): Promise<void> =>
      write(ctx, async (tx, now) => {
        const visitor = await requireVisitor(tx, ctx.accountId, visitorId)
        const removed = await tx.consent.optins.removeWhere(
          ctx.accountId,
          optins.within(visitor, {
            all: [
              ['optinType', { op: 'eq', value: optinType }],
              ['optinChannel', { op: 'eq', value: optinChannel }],
            ],
          }),
        )
        if (removed === 0) throw new DomainError('resource.not_found', { field: 'optinType', reason: `no ${optinType} optin on ${optinChannel}` })
        await emit(tx, ctx.accountId, 'westfield.optin.deleted', { visitorId: visitor.visitorId, optinType, optinChannel, removed }, now)
      }),

    requiredConsents: (accountId: number, visitorId: string, newCenter?: string): Promise<LegalText[]> =>
      uow.read(async (tx) => {
        const visitor = await requireVisitor(tx, accountId, visitorId)
        const countries = new Set(await tx.consent.visitorCenterCountries(accountId, visitor.contactId))
        if (newCenter !== undefined) {
          const country = await tx.consent.centerCountry(accountId, newCenter)
          if (country === null) throw new DomainError('center.not_found', { field: 'newCenter', reason: `no center ${newCenter}` })
          countries.add(country)
        }
        const texts = await tx.consent.legalTexts.find(accountId, {})
        const accepted = await tx.consent.optins.find(accountId, {
          all: [
            ['contactId', { op: 'eq', value: visitor.contactId }],
            ['isActive', { op: 'eq', value: true }],
            ['legalTextId', { op: 'notNull' }],
          ],
        })
        return requiredConsents(texts, new Set(accepted.map((o) => o.legalTextId ?? 0)), countries, clock.now())
      }),
  }
}
