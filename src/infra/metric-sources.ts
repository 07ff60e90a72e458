import { sql } from 'kysely'
import type { Db } from './db/database.js'
import type { EventBus } from './events/bus.js'
import type { MetricSources, WebhookDeliveryReading } from './metrics.js'

/** The scrape-time readings of `/metrics`, from the database and this process's event bus. */
export const metricSources = (db: Db, bus: EventBus, now: () => number): MetricSources => ({
  async outboxLagSeconds() {
    const oldest = await db.reader
      .selectFrom('events')
      .select('created_at')
      .where('id', '>', bus.watermark() ?? 0)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
    return oldest ? Math.max(0, (now() - oldest.created_at) / 1000) : 0
  },

  async webhookDeliveries() {
    const rows = await db.reader
      .selectFrom('webhook_deliveries')
      .select((eb) => [
        'subscription_id',
        'status',
        eb.fn.countAll<number>().as('count'),
        eb.fn.sum<number>(sql<number>`case when attempts > 0 then 1 else 0 end`).as('retried'),
        eb.fn.min<number>('created_at').as('oldest'),
      ])
      .groupBy(['subscription_id', 'status'])
      .execute()
    const bySubscription = new Map<number, { byStatus: Record<string, number>; retrying: number; oldestPendingSeconds: number }>()
    for (const r of rows) {
      const reading = bySubscription.get(r.subscription_id) ?? { byStatus: {}, retrying: 0, oldestPendingSeconds: 0 }
      reading.byStatus[r.status] = Number(r.count)
      if (r.status === 'pending') {
        reading.retrying = Number(r.retried)
        reading.oldestPendingSeconds = Math.max(0, (now() - Number(r.oldest)) / 1000)
      }
      bySubscription.set(r.subscription_id, reading)
    }
    return [...bySubscription].map(([id, reading]): WebhookDeliveryReading => ({ subscription: String(id), ...reading }))
  },

  pool: () => db.pool?.() ?? null,
})
