/**
 * Partition homes: one region decides a user partition's conditional writes (and serves its
 * reads) while that region is reachable, so versions and idempotency keys mean what they say
 * across regions (docs/design.md, decision 13).
 *
 * - A partition's home is recorded in the partition (`USER#<sub>` / `HOME`: region, since). The
 *   region that serves the partition's first write becomes its home. HOME rows are decided by one
 *   replica, the stack's home region's (the coordinator): a region that has no HOME row for a
 *   partition yet (a new user, or replication has not brought it) reads or claims it there, so two
 *   regions can never both claim a partition. `PUT /home` moves it (written at the coordinator).
 * - A region that is not home reaches the home replica directly, through that region's DynamoDB
 *   endpoint (one cross-region round trip per call; the function's role may write `USER#*` in
 *   every replica). The alternative, forwarding the request to the home region's API, costs a
 *   second API Gateway + Lambda hop and the user's token travelling between regions for the same
 *   round trip (bench/RESULTS.md, "Home and non-home writes").
 * - When the home replica does not answer within the budget (a region outage, a network
 *   partition), the local replica decides instead (availability first): the write carries its
 *   writer region and the version it was based on, and the conflict detector preserves whatever a
 *   later replication overwrites (handlers/conflicts/). A home that failed is not retried for a
 *   short while (per region, per execution environment), so an outage costs one budget, not one per request.
 *
 * Pure: clients are given per region; nothing here reads the environment.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { HOME_SK, userPk } from "./keys";

/** How a call reaches a partition's home. */
export interface HomeCtx {
    readonly table: string;
    /** The region this code runs in. */
    readonly region: string;
    /** Every region of the platform (a stored home outside them is ignored). */
    readonly regions: readonly string[];
    /** The replica of a region. Calls to another region should not retry (the budget is the caller's). */
    readonly db: (region: string) => DynamoDBDocumentClient;
    readonly sub: string;
    /** How long to wait for the home replica before deciding locally, ms. */
    readonly budgetMs: number;
    /** `false` turns arbitration off: every call decides locally (strong mode, where DynamoDB arbitrates; or tests). */
    readonly arbitrate: boolean;
    readonly now?: () => Date;
}

/** Where a call was decided. */
export interface Decided<T> {
    readonly result: T;
    /** The region whose replica decided it. */
    readonly decidedIn: string;
    /** True when the home did not answer and the local replica decided instead. */
    readonly fallback: boolean;
}

/** After a home fails to answer, calls skip it for this long (then try it again). */
export const HOME_RETRY_AFTER_MS = 5_000;

const unreachableUntil = new Map<string, number>();

/** Forgets remembered home failures (tests). */
export function resetHomeHealth(): void {
    unreachableUntil.clear();
}

/** Thrown (internally) when the home replica did not answer in time. */
class HomeUnreachable extends Error {}

/** Thrown (internally) when a home that failed recently is skipped without being tried. */
class HomeSkipped extends HomeUnreachable {}

/**
 * Answers a replica that is behind can give wrongly (status codes of the domain's errors): not
 * found (a write the home made moments ago has not replicated yet), and conflicts (a version or
 * idempotency key the home has moved past).
 */
const LAGGING_ANSWERS: readonly number[] = [404, 409];

/**
 * Errors that mean "the home replica did not answer", as opposed to an answer (a condition
 * failure, a validation error): network failures, the abort of the budget, 5xx from DynamoDB.
 */
export function isUnreachable(e: unknown): boolean {
    const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
    if (!err || typeof err !== "object") return false;
    if (err instanceof HomeUnreachable) return true;
    if (["AbortError", "TimeoutError", "RequestTimeout", "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException"].includes(err.name ?? "")) return true;
    if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ENOTFOUND", "EAI_AGAIN"].includes(err.code ?? "")) return true;
    const status = err.$metadata?.httpStatusCode;
    if (typeof status === "number" && status >= 500) return true;
    return err.cause !== undefined && err.cause !== e && isUnreachable(err.cause);
}

/** The partition's stored home (read from `db`), or undefined when it has none yet. */
export async function readHome(db: DynamoDBDocumentClient, table: string, sub: string): Promise<{ region: string; since: string } | undefined> {
    const row = (await db.send(new GetCommand({ TableName: table, Key: { pk: userPk(sub), sk: HOME_SK }, ConsistentRead: true }))).Item;
    return row && typeof row.region === "string" ? { region: row.region, since: String(row.since) } : undefined;
}

/**
 * The partition's home region: the stored one (this replica's copy of the HOME row), else the one
 * the coordinator holds, else (`claim`, a first write) this region, claimed at the coordinator with
 * a conditional put. When the coordinator does not answer within the budget, this region decides.
 */
export async function homeOf(ctx: HomeCtx, claim: boolean): Promise<string> {
    const stored = await readHome(ctx.db(ctx.region), ctx.table, ctx.sub);
    if (stored && ctx.regions.includes(stored.region)) return stored.region;
    const coordinator = ctx.regions[0];
    if (coordinator === ctx.region && !claim) return ctx.region;
    try {
        return await withinBudget(ctx, coordinator, async () => {
            const db = ctx.db(coordinator);
            if (coordinator !== ctx.region) {
                const there = await readHome(db, ctx.table, ctx.sub);
                if (there && ctx.regions.includes(there.region)) return there.region;
                if (!claim) return ctx.region;
            }
            try {
                await db.send(new PutCommand({
                    TableName: ctx.table,
                    Item: { pk: userPk(ctx.sub), sk: HOME_SK, region: ctx.region, since: (ctx.now?.() ?? new Date()).toISOString() },
                    ConditionExpression: "attribute_not_exists(pk)",
                }));
                return ctx.region;
            } catch (e) {
                if (!(e instanceof ConditionalCheckFailedException) && (e as { name?: string }).name !== "ConditionalCheckFailedException") throw e;
                return (await readHome(db, ctx.table, ctx.sub))?.region ?? ctx.region;
            }
        });
    } catch (e) {
        if (!isUnreachable(e)) throw e;
        return ctx.region;
    }
}

/** Runs `call` against `region` within the budget: a HomeUnreachable when it does not answer in time (and the region is remembered as such). */
async function withinBudget<T>(ctx: HomeCtx, region: string, call: () => Promise<T>, evenIfFailedRecently = false): Promise<T> {
    if (region === ctx.region) return call();
    if (!evenIfFailedRecently && (unreachableUntil.get(region) ?? 0) > Date.now()) throw new HomeSkipped(`${region} failed recently`);
    let timer: NodeJS.Timeout | undefined;
    const attempt = call();
    attempt.catch(() => undefined); // an attempt abandoned at the budget must not surface later
    try {
        return await Promise.race([
            attempt,
            new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new HomeUnreachable(`${region} did not answer within ${ctx.budgetMs} ms`)), ctx.budgetMs); }),
        ]);
    } catch (e) {
        if (isUnreachable(e)) unreachableUntil.set(region, Date.now() + HOME_RETRY_AFTER_MS);
        throw e;
    } finally {
        clearTimeout(timer);
    }
}

/**
 * Runs `call` against the partition's home replica, or the local one when the home does not
 * answer within the budget. `call` may run twice (home attempt timed out, then locally), so its
 * effect must be decided before `atHome` (the new version, its write id, a created item's id) and
 * be conditional: the same logical write landing in both replicas is then one write (the
 * conflict detector compares write ids). `claim`: a write may make this region the home of a
 * partition that has none; a read never does.
 */
export async function atHome<T>(ctx: HomeCtx, claim: boolean, call: (db: DynamoDBDocumentClient, region: string) => Promise<T>): Promise<Decided<T>> {
    const decideLocally = async (fallback: boolean): Promise<Decided<T>> => ({ result: await call(ctx.db(ctx.region), ctx.region), decidedIn: ctx.region, fallback });
    if (!ctx.arbitrate) return decideLocally(false);
    const home = await homeOf(ctx, claim);
    if (home === ctx.region) return decideLocally(false);
    const atTheHome = async (evenIfFailedRecently: boolean): Promise<Decided<T>> =>
        ({ result: await withinBudget(ctx, home, () => call(ctx.db(home), home), evenIfFailedRecently), decidedIn: home, fallback: false });
    try {
        return await atTheHome(false);
    } catch (e) {
        if (!isUnreachable(e)) throw e;
        try {
            return await decideLocally(true);
        } catch (local) {
            // The home was skipped from memory, not tried: before a lagging replica's "not found" or
            // "conflict" is believed, the home is asked (each environment remembers failures on its
            // own, so right after a recovery one may still skip a home another just wrote at).
            if (!(e instanceof HomeSkipped) || !LAGGING_ANSWERS.includes((local as { statusCode?: number }).statusCode ?? 0)) throw local;
            try {
                const answered = await atTheHome(true);
                unreachableUntil.delete(home);
                return answered;
            } catch (again) {
                throw isUnreachable(again) ? local : again;
            }
        }
    }
}

/**
 * Moves the partition's home to `region`: written at the coordinator (the stack's home region),
 * which decides HOME rows; other regions follow once it replicates (writes routed to the old home
 * meanwhile are decided there, and any they overwrite is preserved by the conflict detector).
 * Refused (unreachable) when the coordinator does not answer.
 */
export async function moveHome(ctx: HomeCtx, region: string): Promise<{ region: string; since: string }> {
    const since = (ctx.now?.() ?? new Date()).toISOString();
    const coordinator = ctx.regions[0];
    await withinBudget(ctx, coordinator, () => ctx.db(coordinator).send(new PutCommand({ TableName: ctx.table, Item: { pk: userPk(ctx.sub), sk: HOME_SK, region, since } })));
    return { region, since };
}
