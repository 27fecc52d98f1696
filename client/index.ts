/**
 * The platform's API client (browsers and Node 20+, fetch only): typed calls for every route,
 * regional failover within a call, idempotency keys on creates, breakers per region.
 *
 * ```ts
 * import { PlatformClient, endpointsFromOutputs } from "./client";
 * const api = new PlatformClient({ endpoints: endpointsFromOutputs(outputs), token: () => idToken });
 * const item = await api.createItem({ title: "hello" });
 * ```
 */
export { PlatformClient, LATENCY_REGION } from "./client";
export type { Answer, CallOptions, ClientOptions, Endpoints, TokenProvider } from "./client";
export { PlatformError } from "./errors";
export type { AttemptRecord } from "./errors";
export { endpointsFromConsoleConfig, endpointsFromOutputs, endpointsFromReady } from "./endpoints";
export { passwordTokenProvider } from "./cognito";
export type { UserPoolEndpoint } from "./cognito";
export { CLIENT_METHODS } from "./routes";
export { DEFAULT_BREAKER } from "./policy";
export type { BreakerSettings, Safety, TripReason } from "./policy";
export type * from "./types";
