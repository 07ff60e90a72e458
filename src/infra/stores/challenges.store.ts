import type { Kysely } from 'kysely'
import type { ChallengeStores } from '../../domain/challenges/challenges.store.js'
import type { Database } from '../db/schema.js'
import { createRecordStore, datedSorts, visitorColumns } from './records.store.js'

export const createChallengeStores = (db: Kysely<Database>): ChallengeStores => ({
  challenges: createRecordStore(db, {
    table: 'challenges',
    fields: {
      accountId: 'int',
      pcCode: 'text',
      genericName: 'text',
      type: 'text',
      startDate: 'int',
      endDate: 'int',
      timezone: 'text',
      imageUrl: 'text',
      winnerNumber: 'int',
      rewardExpirationSeconds: 'int',
      status: 'text',
      displayName: 'json',
      description: 'json',
      rewardDetail: 'json',
      terminatedAt: 'int',
      createdAt: 'int',
      updatedAt: 'int',
    },
    sortable: { challengeId: 'id', createdAt: 'createdAt', updatedAt: 'updatedAt', ...datedSorts },
  }),
  participants: createRecordStore(db, {
    table: 'visitor_challenges',
    fields: {
      ...visitorColumns,
      challengeId: 'int',
      points: 'int',
      totalEntryCount: 'int',
      bonusEntryCount: 'int',
      lastEntryDate: 'int',
      lastBonusDate: 'int',
      rewardUnlocked: 'bool',
      rewardReceived: 'bool',
      rewardExpiresAt: 'int',
      registeredDate: 'int',
    },
    sortable: { ...datedSorts, visitorChallengeId: 'id' },
  }),
})
