import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { type Article, articleStatuses, type Translation } from '../../../domain/articles/articles.js'
import { commandContext, principalOf } from '../../shared/request.js'
import { one } from '../envelope.js'
import { fieldsParam, listed, listParams, listQuery, listSpec, single } from '../list.js'
import { instant, iso } from '../mappers.js'
import { dateTime, id, oneOf, text } from '../schemas.js'
import { boundOf, dateOrDateTime, defined } from './engagement-common.js'

/** `[{"localeCode": "fr-FR", "value": "..."}]`: one entry per locale. */
export const translations = Type.Array(
  Type.Object({ localeCode: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 }), value: Type.String({ maxLength: 100_000 }) }),
  { maxItems: 100 },
)

export const mapTranslation = (t: Translation) => ({ localeCode: t.localeCode, value: t.value, creationDate: iso(t.createdAt), updateDate: iso(t.updatedAt) })

const articleFields = {
  genericName: text(),
  mainImageUrl: text(2048),
  status: oneOf(articleStatuses),
  publishDate: dateTime,
  title: Type.Optional(translations),
  content: Type.Optional(translations),
}
const ArticleBody = Type.Object(articleFields)
const ArticlePatch = Type.Partial(Type.Object(articleFields))
const ArticleParams = Type.Object({ articleId: id })
const ArticlesQuery = Type.Object({
  ...listParams,
  status: Type.Optional(oneOf(articleStatuses)),
  publishDateSince: Type.Optional(Type.Unsafe<string>(dateOrDateTime)),
  publishDateUntil: Type.Optional(Type.Unsafe<string>(dateOrDateTime)),
})

const mapArticle = (a: Article) => ({
  genericName: a.genericName,
  mainImageUrl: a.mainImageUrl,
  status: a.status,
  publishDate: iso(a.publishDate),
  creationDate: iso(a.createdAt),
  updateDate: iso(a.updatedAt),
  articleId: a.id,
  title: a.title.map(mapTranslation),
  content: a.content.map(mapTranslation),
})
const ARTICLE_SPEC = listSpec(
  ['genericName', 'mainImageUrl', 'status', 'publishDate', 'creationDate', 'updateDate', 'articleId', 'title', 'content'],
  ['title', 'content'],
)

/** Articles with translated titles and contents. */
export const articleRoutes: FastifyPluginAsync<{ container: Container }> = async (fastify, { container }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { articles } = container

  app.post('/articles', { schema: { body: ArticleBody } }, async (req, reply) => {
    const b = req.body
    const article = await articles.create(commandContext(req, 'westfield'), { ...b, publishDate: instant(b.publishDate) })
    return reply.status(201).send(one(mapArticle(article)))
  })

  /** Date-only bounds are whole days in the account's time zone; `publishDateUntil` includes its day. */
  app.get('/articles', { schema: { querystring: ArticlesQuery } }, async (req) => {
    const q = req.query
    const { accountId, timeZone } = principalOf(req)
    const until = boundOf(q.publishDateUntil, 'publishDateUntil', timeZone, true)
    const page = await articles.list(
      accountId,
      {
        status: q.status,
        publishDateSince: boundOf(q.publishDateSince, 'publishDateSince', timeZone, false),
        publishDateBefore: until === undefined ? undefined : until + 1,
      },
      listQuery(q, ARTICLE_SPEC),
    )
    return listed(req, q, ARTICLE_SPEC, page, mapArticle)
  })

  app.get('/articles/:articleId', { schema: { params: ArticleParams, querystring: Type.Object(fieldsParam) } }, async (req) =>
    single(mapArticle(await articles.get(principalOf(req).accountId, req.params.articleId)), req.query.fields, ARTICLE_SPEC),
  )

  app.patch('/articles/:articleId', { schema: { params: ArticleParams, body: ArticlePatch } }, async (req) => {
    const { publishDate, ...rest } = req.body
    const article = await articles.update(commandContext(req, 'westfield'), req.params.articleId, {
      ...defined(rest),
      ...(publishDate !== undefined ? { publishDate: instant(publishDate) } : {}),
    })
    return one(mapArticle(article))
  })
}
