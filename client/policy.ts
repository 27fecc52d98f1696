/**
 * The client's failure policy, as pure pieces the client composes: what one attempt's outcome
 * means (retry? somewhere else? may it have been performed?), which calls may be repeated, jittered
 * backoff, a retry budget, and a circuit breaker per region. No I/O and no timers of their own:
 * the clock and the random source are parameters, so tests drive them exactly.
 *
 * Hand-written rather than cockatiel (README "Calling the platform"): cockatiel's retry + breaker +
 * timeout alone bundle to 12.4 KB minified (3.9 KB gzipped), about as much as this whole client
 * (every route, failover, breakers, budget: 14.6 KB, 5.5 KB gzipped; tests/client/bundle.spec.ts),
 * and the parts that matter here are not in it. Its breaker half-opens by letting the next real call through, and here that call may
 * be a create; a region comes back only after its unauthenticated `GET /health` answers 200. It has
 * no retry budget, does not read `Retry-After`, and 4.x declares Node >= 22.
 */

/** How safe a call is to send again when an earlier attempt may have been performed. */
export type Safety =
    /** Reads: repeat anywhere. */
    | "read"
    /** Writes that leave the same state however often they apply (`PUT /home`): repeat anywhere. */
    | "idempotent"
    /** Creates with an `Idempotency-Key`: the server performs the request once per key and replays its answer. */
    | "keyed"
    /**
     * Conditional writes (versioned update, delete, approval decision): a repeat cannot apply twice,
     * but after an attempt that may have landed, a repeat's 409/404 may be the echo of our own
     * write; the client checks before reporting it (client.ts).
     */
    | "conditional"
    /** Everything else (publish): never sent again once an attempt may have reached the function. */
    | "unsafe";

/** What one attempt came back with, as far as the policy cares. */
export type Outcome =
    | { readonly kind: "response"; readonly status: number; readonly code?: string; readonly retryAfterMs?: number }
    /** No HTTP answer. `reached: "no"` only when the connection was refused or the name did not resolve: nothing was sent. */
    | { readonly kind: "network"; readonly reached: "no" | "maybe"; readonly detail?: string }
    /** The attempt's own timeout fired (the request may be running). */
    | { readonly kind: "timeout" };

/** The policy's reading of an outcome. */
export interface Verdict {
    /** Worth another attempt (if the call's safety, the budget and the deadline allow). */
    readonly retryable: boolean;
    /** Counts against the region's breaker: it could not serve (unreachable, timed out, 5xx). */
    readonly regionFailure: boolean;
    /** The request may have been performed (a repeat could perform it twice unless the call is keyed or conditional). */
    readonly mayHaveBeenPerformed: boolean;
    /** Try the same region again (after `retryAfterMs`) rather than the next one. */
    readonly sameRegion: boolean;
    readonly retryAfterMs?: number;
}

/** A final outcome: neither retried nor a region failure. */
const FINAL: Verdict = { retryable: false, regionFailure: false, mayHaveBeenPerformed: true, sameRegion: true };

/**
 * Reads one attempt's outcome.
 *
 * - 2xx/3xx and 4xx answers are final, except 429 (API Gateway's throttle answers before the
 *   function runs: try the next region, whose stage has its own limit) and 409
 *   `IDEMPOTENCY_KEY_IN_PROGRESS` (the first attempt of this key is still running in that region:
 *   ask there again after `Retry-After`).
 * - 500, 502, 504 and timeouts: the region could not serve and the function may have run.
 * - 503 `SERVICE_UNAVAILABLE` from a function: the function says it did nothing ("try again").
 *   A 503 without the platform's error body is treated like a 502.
 * - A refused connection sent nothing; any other network error may have sent the request.
 */
export function classify(outcome: Outcome): Verdict {
    if (outcome.kind === "timeout") return { retryable: true, regionFailure: true, mayHaveBeenPerformed: true, sameRegion: false };
    if (outcome.kind === "network") return { retryable: true, regionFailure: true, mayHaveBeenPerformed: outcome.reached === "maybe", sameRegion: false };
    const { status, code, retryAfterMs } = outcome;
    if (status === 429) return { retryable: true, regionFailure: false, mayHaveBeenPerformed: false, sameRegion: false, retryAfterMs };
    if (status === 409 && code === "IDEMPOTENCY_KEY_IN_PROGRESS") return { retryable: true, regionFailure: false, mayHaveBeenPerformed: true, sameRegion: true, retryAfterMs: retryAfterMs ?? 1000 };
    if (status === 503 && code === "SERVICE_UNAVAILABLE") return { retryable: true, regionFailure: true, mayHaveBeenPerformed: false, sameRegion: false, retryAfterMs };
    if (status === 500 || status === 502 || status === 503 || status === 504) return { retryable: true, regionFailure: true, mayHaveBeenPerformed: true, sameRegion: false, retryAfterMs };
    return FINAL;
}

/** Whether a call of this safety may be sent again after an attempt with this verdict. */
export function mayRepeat(safety: Safety, verdict: Verdict): boolean {
    if (!verdict.retryable) return false;
    if (safety === "unsafe") return !verdict.mayHaveBeenPerformed;
    // Only a keyed create may ask again about a key in progress; nothing else gets that answer.
    return true;
}

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
    if (!value) return undefined;
    if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base x 2^n)) (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffMs(retry: number, random: () => number, baseMs = 100, capMs = 2_000): number {
    return Math.floor(random() * Math.min(capMs, baseMs * 2 ** retry));
}

/**
 * Retry budget: gRPC's retry throttling. Every failed attempt takes a token, every success gives
 * back `ratio`; retries stop while tokens are at or below half of `max`, so a client facing an
 * outage everywhere sends about one attempt per region per call instead of multiplying load. The
 * client asks the budget only for attempts in a region the call has already tried: the first
 * attempt in each other region (failover) is not a retry of the same load.
 * https://github.com/grpc/proposal/blob/master/A6-client-retries.md#throttling-retry-attempts-and-hedged-rpcs
 */
export class RetryBudget {
    private tokens: number;

    constructor(readonly max = 20, readonly ratio = 0.1) {
        this.tokens = max;
    }

    get available(): number {
        return this.tokens;
    }

    onFailure(): void {
        this.tokens = Math.max(0, this.tokens - 1);
    }

    onSuccess(): void {
        this.tokens = Math.min(this.max, this.tokens + this.ratio);
    }

    /** A retry may be sent now. */
    allows(): boolean {
        return this.tokens > this.max / 2;
    }
}

/** Why a region is out of rotation. */
export type TripReason = "unreachable" | "errors" | "unhealthy" | "drained";

/** Breaker settings (defaults in {@link DEFAULT_BREAKER}). */
export interface BreakerSettings {
    /** Consecutive region failures (5xx, timeouts) that open the breaker; an unreachable region opens it at once. */
    readonly failureThreshold: number;
    /** First wait before the half-open health probe; doubles after each failed probe up to `maxOpenMs`. */
    readonly openMs: number;
    readonly maxOpenMs: number;
}

/**
 * Opens on the first refused connection or after 2 consecutive 5xx/timeouts; probes `/health` 1 s
 * later, then after 2, 4 ... 30 s while it stays down: a client notices a recovered region within
 * about a second of a short outage, and a long outage costs each client one probe every 30 s
 * (Route 53's standard check interval).
 */
export const DEFAULT_BREAKER: BreakerSettings = { failureThreshold: 2, openMs: 1_000, maxOpenMs: 30_000 };

/**
 * A circuit breaker for one region. Closed: calls go there. Open: calls skip it until `probeAt`.
 * Half-open: one `GET /health` probe is out (the client sends it, never a user's call); 200 closes
 * the breaker, anything else opens it again for twice as long.
 */
export class RegionBreaker {
    state: "closed" | "open" | "half-open" = "closed";
    reason?: TripReason;
    private failures = 0;
    private openFor: number;
    /** When the next probe may go (open state). */
    probeAt = 0;
    /** When `/health` last answered 200 or a call succeeded; undefined until then. */
    lastHealthyAt?: number;
    /** When the region's health was last asked (probe or refresh). */
    lastCheckedAt?: number;

    constructor(readonly region: string, private readonly settings: BreakerSettings = DEFAULT_BREAKER) {
        this.openFor = settings.openMs;
    }

    /** Calls may be sent to the region. */
    get available(): boolean {
        return this.state === "closed";
    }

    /** A probe should be sent now. */
    probeDue(now: number): boolean {
        return this.state === "open" && now >= this.probeAt;
    }

    /** A call was served (any answer the policy does not count as a region failure). */
    onSuccess(now: number): void {
        this.failures = 0;
        this.lastHealthyAt = now;
    }

    /** A region failure of a call; `unreachable` opens at once. */
    onFailure(now: number, unreachable: boolean): void {
        this.failures++;
        if (this.state === "closed" && (unreachable || this.failures >= this.settings.failureThreshold)) this.trip(now, unreachable ? "unreachable" : "errors");
    }

    /** Takes the region out of rotation (a failed call, or `/health` saying drained or unavailable). */
    trip(now: number, reason: TripReason): void {
        if (this.state === "closed") this.openFor = this.settings.openMs;
        this.state = "open";
        this.reason = reason;
        this.probeAt = now + this.openFor;
    }

    /** The half-open probe is going out. */
    startProbe(): void {
        this.state = "half-open";
    }

    /** The probe's (or a health refresh's) answer. */
    onHealth(now: number, healthy: boolean, reason: TripReason = "unhealthy"): void {
        this.lastCheckedAt = now;
        if (healthy) {
            this.state = "closed";
            this.reason = undefined;
            this.failures = 0;
            this.openFor = this.settings.openMs;
            this.lastHealthyAt = now;
            return;
        }
        const wasOpen = this.state !== "closed";
        this.trip(now, reason);
        if (wasOpen) {
            this.openFor = Math.min(this.settings.maxOpenMs, this.openFor * 2);
            this.probeAt = now + this.openFor;
        }
    }
}
