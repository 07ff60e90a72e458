import type { FastifyRequest } from 'fastify'
import type { CommandContext } from '../../domain/shared/command.js'
import { commandContext, principalOf } from '../shared/request.js'

/** The command a Westfield write runs as: the caller's account, idempotency key and channel. */
export const westfieldContext = (req: FastifyRequest): CommandContext => commandContext(req, 'westfield')

/** The account a Westfield request reads. */
export const accountOf = (req: FastifyRequest): number => principalOf(req).accountId
