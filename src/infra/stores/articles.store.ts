import type { Kysely } from 'kysely'
import type { Article } from '../../domain/articles/articles.js'
import type { RecordStore } from '../../domain/records/records.js'
import type { Database } from '../db/schema.js'
import { createRecordStore, datedSorts } from './records.store.js'

export const createArticleStore = (db: Kysely<Database>): RecordStore<Article> =>
  createRecordStore(db, {
    table: 'articles',
    fields: {
      accountId: 'int',
      genericName: 'text',
      mainImageUrl: 'text',
      status: 'text',
      publishDate: 'int',
      title: 'json',
      content: 'json',
      createdAt: 'int',
      updatedAt: 'int',
    },
    sortable: { ...datedSorts, articleId: 'id' },
  })
