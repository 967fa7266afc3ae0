/**
 * The one way to call Braze. Operations (including resources/referral) use these helpers:
 *
 *   trackUsers(ctx, TrackRequest[], opts?)                 -> TrackOutcome[]   (/users/track)
 *   exportUsers(ctx, ExportRequest[], opts?)               -> ExportOutcome[]  (/users/export/ids)
 *   createAliases(ctx, AliasRequest[], opts?)              -> SimpleOutcome[]  (/users/alias/new)
 *   identifyUsers(ctx, IdentifyRequest[], opts?)           -> SimpleOutcome[]  (/users/identify)
 *   deleteUsers(ctx, DeleteRequest[], opts?)               -> SimpleOutcome[]  (/users/delete)
 *   setSubscriptionGroupStatus(ctx, SubscriptionGroupRequest[], opts?) -> SimpleOutcome[]
 *   setEmailSubscriptionStatus(ctx, EmailStatusRequest[], opts?)       -> SimpleOutcome[]
 *
 * Each returns one outcome per request, same order, with `itemIndex`, `environment`, `ok`,
 * `error?` (a BrazeItemError naming the item), `call?` (request summary) and `warnings?`.
 * Batching, X-RateLimit-* handling, retries and partial-error mapping happen inside.
 * `opts` (Partial<BrazeTransportOptions>) override the node's "Options" collection.
 * Validation helpers (validation.ts), `finalizeItems` / `getEnvironment` (results.ts) and
 * `param(ctx, name, itemIndex, fallback)` (params.ts: getNodeParameter that resolves
 * expression-free parameters once per execution) complete the set. The key is injected by the
 * credential; nothing here reads it.
 */
export * from './types';
export * from './validation';
export * from './results';
export * from './batch';
export { BrazeClient, DEFAULT_TRANSPORT_OPTIONS, readTransportOptions } from './client';
export type { BrazeCallResult, BrazeResponse } from './client';
export { transportOptionProperties, environmentProperty } from './properties';
export { param } from './params';
