import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Container } from '../../../container.js'
import { bookmarkTypes } from '../../../domain/visitors/visitor-data.js'
import { BOOKMARK_SPEC, mapBookmark } from '../mappers.js'
import { BookmarkBody } from '../schemas/visitor-data.js'
import { oneOf } from '../schemas.js'
import { visitorOwnedRoutes } from '../visitor-owned.js'

/** The stores, events and offers a visitor bookmarked. */
export const bookmarkRoutes: FastifyPluginAsync<{ container: Container }> = async (app, { container }) => {
  const { bookmarks } = container.visitorData
  visitorOwnedRoutes(app, {
    collection: 'bookmarks',
    idParam: 'bookmarkId',
    spec: BOOKMARK_SPEC,
    map: mapBookmark,
    create: { body: BookmarkBody, run: (ctx, visitorId, body) => bookmarks.create(ctx, visitorId, body) },
    list: {
      filters: { bookmarkType: Type.Optional(oneOf(bookmarkTypes)) },
      run: (accountId, visitorId, q, list) =>
        bookmarks.list(accountId, visitorId, q.bookmarkType ? { all: [['bookmarkType', { op: 'eq', value: q.bookmarkType }]] } : {}, list),
    },
    get: (accountId, visitorId, id) => bookmarks.get(accountId, visitorId, id),
    remove: (ctx, visitorId, id) => bookmarks.remove(ctx, visitorId, id),
  })
}
