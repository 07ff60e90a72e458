import type { AccountRecord, RecordStore } from '../records/records.js'
import type { Instant } from '../shared/clock.js'
import { DomainError } from '../shared/errors.js'

export const articleStatuses = ['draft', 'ready', 'published', 'archived'] as const
export type ArticleStatus = (typeof articleStatuses)[number]

/** A text in one locale, dated so clients can tell which translations changed. */
export interface Translation {
  readonly localeCode: string
  readonly value: string
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

export interface TranslationInput {
  readonly localeCode: string
  readonly value: string
}

export interface Article extends AccountRecord {
  readonly genericName: string
  readonly mainImageUrl: string
  readonly status: ArticleStatus
  readonly publishDate: Instant
  readonly title: readonly Translation[]
  readonly content: readonly Translation[]
  readonly createdAt: Instant
  readonly updatedAt: Instant
}

/**
 * The translations after an update: one per locale; a locale whose value is
 * unchanged keeps its dates, a changed one gets `now` as update date, and a
 * locale left out of `inputs` is removed. Without `inputs` nothing changes.
 * @throws validation.invalid when a locale is listed twice
 */
export const mergeTranslations = (
  field: string,
  current: readonly Translation[],
  inputs: readonly TranslationInput[] | undefined,
  now: Instant,
): Translation[] => {
  if (inputs === undefined) return [...current]
  const seen = new Set<string>()
  return inputs.map((input, i) => {
    if (seen.has(input.localeCode))
      throw new DomainError('validation.invalid', { field: `${field}[${i}].localeCode`, reason: `${input.localeCode} is listed twice` })
    seen.add(input.localeCode)
    const old = current.find((t) => t.localeCode === input.localeCode)
    if (old && old.value === input.value) return old
    return { localeCode: input.localeCode, value: input.value, createdAt: old?.createdAt ?? now, updatedAt: now }
  })
}

/** The store this module needs of the caller's transaction. */
export interface ArticlesTx {
  readonly articles: RecordStore<Article>
}
