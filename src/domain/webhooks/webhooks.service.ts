import type { Clock, Instant } from '../shared/clock.js'
import type { CommandContext } from '../shared/command.js'
import { DomainError } from '../shared/errors.js'
import type { EventsTx } from '../shared/events.js'
import type { IdempotencyTx } from '../shared/idempotency.js'
import type { UnitOfWork } from '../shared/unit-of-work.js'
import { writer } from '../shared/write.js'
import type { WebhookSubscription } from './webhooks.js'
import type { SubscriptionChanges, SubscriptionFilter, WebhooksTx } from './webhooks.store.js'

type Tx = WebhooksTx & EventsTx & IdempotencyTx

/**
 * Keeps webhook signing secrets: they must be read back to sign, so they are
 * stored sealed (encrypted) rather than hashed. A port, so the domain does no
 * cryptography itself.
 */
export interface SecretBox {
  /** A new random signing secret. */
  generate(): string
  seal(secret: string): string
  /** @throws when the sealed value was not sealed with the current key */
  open(sealed: string): string
}

export type CreateSubscriptionCommand = Pick<WebhookSubscription, 'name' | 'eventType' | 'url'> & {
  /** The caller's signing secret; one is generated when absent. */
  readonly secret?: string | undefined
  readonly attributes?: readonly string[] | undefined
}

export type UpdateSubscriptionCommand = SubscriptionChanges & {
  /** Fixed at creation: accepted only when it names the subscription's own event type. */
  readonly eventType?: string | undefined
  /** Fixed at creation: never accepted. */
  readonly secret?: string | undefined
}

export interface WebhookServiceDeps {
  readonly uow: UnitOfWork<Tx>
  readonly clock: Clock
  readonly secrets: SecretBox
}

export interface CreatedSubscription {
  readonly subscription: WebhookSubscription
  /** The secret the server generated, shown once; null when the caller chose one. */
  readonly generatedSecret: string | null
}

/**
 * Webhook subscriptions of an account: which event type goes to which URL,
 * signed with which secret. Delivery is the dispatcher's.
 */
export interface WebhookService {
  /**
   * Subscribes a URL to an event type, from the next event on: older events are never sent.
   * @throws validation.invalid (a blank name or secret, a URL that is not absolute http(s) or holds credentials), idempotency.key_reused
   */
  create(ctx: CommandContext, command: CreateSubscriptionCommand): Promise<CreatedSubscription>
  /** Subscriptions not deleted, optionally of one event type or status. */
  list(accountId: number, filter: SubscriptionFilter): Promise<WebhookSubscription[]>
  /** @throws webhook.not_found */
  get(accountId: number, uuid: string): Promise<WebhookSubscription>
  /**
   * Renames, moves, switches on or off, or changes the attributes of a subscription; its event type and secret stay.
   * @throws webhook.not_found, validation.invalid, idempotency.key_reused
   */
  update(ctx: CommandContext, uuid: string, command: UpdateSubscriptionCommand): Promise<WebhookSubscription>
  /** Stops every pending delivery of the subscription too. @throws webhook.not_found, idempotency.key_reused */
  remove(ctx: CommandContext, uuid: string): Promise<void>
}

const MAX_URL_LENGTH = 2048

/** @throws validation.invalid unless the URL is an absolute http(s) URL without credentials. */
const checkUrl = (url: string): string => {
  const invalid = (reason: string) => new DomainError('validation.invalid', { subject: 'url', reason })
  if (url.length > MAX_URL_LENGTH) throw invalid(`must be at most ${MAX_URL_LENGTH} characters`)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalid('must be an absolute URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid('must be an http or https URL')
  if (parsed.username || parsed.password) throw invalid('must not contain credentials')
  return url
}

/** @throws validation.invalid when the name is blank. */
const checkName = (name: string): string => {
  const trimmed = name.trim()
  if (!trimmed) throw new DomainError('validation.invalid', { subject: 'name', reason: 'must not be blank' })
  return trimmed
}

const checkAttributes = (attributes: readonly string[]): string[] => {
  const cleaned = [...new Set(attributes.map((a) => a.trim()))]
  if (cleaned.some((a) => a === '')) throw new DomainError('validation.invalid', { subject: 'attributes', reason: 'must not contain blank names' })
  return cleaned
}

/** @throws webhook.not_found */
const find = async (tx: WebhooksTx, accountId: number, uuid: string): Promise<WebhookSubscription> => {
  const found = await tx.webhooks.findSubscription(accountId, uuid)
  if (!found) throw new DomainError('webhook.not_found', { subject: 'webhookSubscription', reason: `no webhook subscription ${uuid}` })
  return found
}

export const createWebhookService = ({ uow, clock, secrets }: WebhookServiceDeps): WebhookService => {
  const write = writer({ uow, clock })

  const emit = (tx: EventsTx, type: string, subscription: WebhookSubscription, now: Instant) =>
    tx.events.append({
      type,
      accountId: subscription.accountId,
      payload: { subscriptionId: subscription.id, uuid: subscription.uuid, eventType: subscription.eventType, status: subscription.status },
      occurredAt: now,
    })

  return {
    create(ctx, command) {
      const name = checkName(command.name)
      const url = checkUrl(command.url)
      const attributes = checkAttributes(command.attributes ?? [])
      if (command.secret !== undefined && command.secret.trim() === '') {
        throw new DomainError('validation.invalid', { subject: 'secret', reason: 'must not be blank' })
      }
      return write(ctx, async (tx, now) => {
        const generatedSecret = command.secret === undefined ? secrets.generate() : null
        const subscription = await tx.webhooks.createSubscription({
          accountId: ctx.accountId,
          name,
          eventType: command.eventType,
          url,
          sealedSecret: secrets.seal(generatedSecret ?? command.secret ?? ''),
          attributes,
          now,
        })
        await tx.webhooks.ensureCursor(ctx.accountId, now)
        await emit(tx, 'webhook_subscription.created', subscription, now)
        return { subscription, generatedSecret }
      })
    },

    list: (accountId, filter) => uow.read((tx) => tx.webhooks.listSubscriptions(accountId, filter)),

    get: (accountId, uuid) => uow.read((tx) => find(tx, accountId, uuid)),

    update(ctx, uuid, command) {
      if (command.secret !== undefined) throw new DomainError('validation.invalid', { subject: 'secret', reason: 'cannot be changed after creation' })
      const changes = {
        name: command.name === undefined ? undefined : checkName(command.name),
        url: command.url === undefined ? undefined : checkUrl(command.url),
        status: command.status,
        attributes: command.attributes === undefined ? undefined : checkAttributes(command.attributes),
      }
      return write(ctx, async (tx, now) => {
        const current = await find(tx, ctx.accountId, uuid)
        if (command.eventType !== undefined && command.eventType !== current.eventType) {
          throw new DomainError('validation.invalid', { subject: 'eventType', reason: 'cannot be changed after creation' })
        }
        const attributes = changes.attributes ?? current.attributes
        if (current.eventType === 'contact_updated' && attributes.length === 0) {
          throw new DomainError('validation.invalid', { subject: 'attributes', reason: 'is required for contact_updated subscriptions' })
        }
        const updated = await tx.webhooks.updateSubscription(ctx.accountId, current.id, changes, now)
        await emit(tx, 'webhook_subscription.updated', updated, now)
        return updated
      })
    },

    async remove(ctx, uuid) {
      await write(ctx, async (tx, now) => {
        const current = await find(tx, ctx.accountId, uuid)
        await tx.webhooks.deleteSubscription(ctx.accountId, current.id, now)
        await emit(tx, 'webhook_subscription.deleted', current, now)
        return null
      })
    },
  }
}
