import type { Where } from '../records/records.js'
import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { Listed, ListQuery } from '../shared/list.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import { emit } from '../visitors/visitor-records.js'
import { found } from '../visitors/visitor-ref.js'
import type { VisitorsTx } from '../visitors/visitors.store.js'
import type { ArticlesTx } from './articles.js'
import { type Article, type ArticleStatus, mergeTranslations, type TranslationInput } from './articles.js'

type Tx = ArticlesTx & EventsTx & IdempotencyTx & VisitorsTx

export interface ArticleInput {
  readonly genericName: string
  readonly mainImageUrl: string
  readonly status: ArticleStatus
  readonly publishDate: Instant
  readonly title?: readonly TranslationInput[] | undefined
  readonly content?: readonly TranslationInput[] | undefined
}

export interface ArticleFilter {
  readonly status?: ArticleStatus | undefined
  /** Published at or after. */
  readonly publishDateSince?: Instant | undefined
  /** Published before. */
  readonly publishDateBefore?: Instant | undefined
}

export interface ArticleService {
  create(ctx: CommandContext, input: ArticleInput): Promise<Article>
  list(accountId: number, filter: ArticleFilter, query: ListQuery): Promise<Listed<Article>>
  /** @throws resource.not_found */
  get(accountId: number, id: number): Promise<Article>
  /** @throws resource.not_found, validation.invalid (a locale listed twice) */
  update(ctx: CommandContext, id: number, patch: Partial<ArticleInput>): Promise<Article>
}

/** News articles shown to visitors, with translated titles and contents. */
export const createArticleService = (deps: { uow: UnitOfWork<Tx>; clock: Clock }): ArticleService => {
  const write = writer(deps)
  return {
    create: (ctx: CommandContext, input: ArticleInput): Promise<Article> =>
      write(ctx, async (tx, now) => {
        const article = await tx.articles.insert({
          accountId: ctx.accountId,
          genericName: input.genericName,
          mainImageUrl: input.mainImageUrl,
          status: input.status,
          publishDate: input.publishDate,
          title: mergeTranslations('title', [], input.title ?? [], now),
          content: mergeTranslations('content', [], input.content ?? [], now),
          createdAt: now,
          updatedAt: now,
        })
        await emit(tx, ctx.accountId, 'westfield.article.created', { id: article.id, status: article.status }, now)
        return article
      }),

    list: (accountId: number, filter: ArticleFilter, query: ListQuery): Promise<Listed<Article>> => {
      const where: Where<Article> = {
        all: [
          ...(filter.status !== undefined ? [['status', { op: 'eq', value: filter.status }] as const] : []),
          ...(filter.publishDateSince !== undefined ? [['publishDate', { op: 'gte', value: filter.publishDateSince }] as const] : []),
          ...(filter.publishDateBefore !== undefined ? [['publishDate', { op: 'lt', value: filter.publishDateBefore }] as const] : []),
        ],
      }
      return deps.uow.read((tx) => tx.articles.list(accountId, where, query))
    },

    get: (accountId: number, id: number): Promise<Article> => deps.uow.read(async (tx) => found(await tx.articles.get(accountId, id), 'articleId', id)),

    update: (ctx: CommandContext, id: number, patch: Partial<ArticleInput>): Promise<Article> =>
      write(ctx, async (tx, now) => {
        const current = found(await tx.articles.get(ctx.accountId, id), 'articleId', id)
        const { title, content, ...fields } = patch
        const updated = await tx.articles.update(ctx.accountId, id, {
          ...fields,
          title: mergeTranslations('title', current.title, title, now),
          content: mergeTranslations('content', current.content, content, now),
          updatedAt: now,
        })
        await emit(tx, ctx.accountId, 'westfield.article.updated', { id, status: updated?.status ?? current.status }, now)
        return found(updated, 'articleId', id)
      }),
  }
}
