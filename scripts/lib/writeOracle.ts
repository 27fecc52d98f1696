/**
 * The no-lost-write oracle shared by the chaos test (tests/local/chaos.spec.ts) and the outage
 * drill (scripts/lib/drill): every write puts a stamp in the item's body, its own token and the
 * token of the value it read (its base). At the end, an acknowledged write is
 *
 * - kept: its token is in the final item or in one of the item's conflict copies, or
 * - superseded knowingly: some write that a replica applied had read it (its base is the token).
 *
 * Anything else was discarded without anyone having seen it: a lost write. A successor counts
 * whether or not it was acknowledged: a request cut off when its region fails may have been
 * applied before its connection closed, and its writer had read what it replaced. Applied writes
 * come from the replicas' streams, so the oracle needs the local platform (see
 * {@link appliedWrites}).
 */

/** What a write puts in the item's body. */
export interface Stamp {
    /** This write's token, unique per write. */
    readonly t: string;
    /** The token of the value the writer read ("" for a first write). */
    readonly b: string;
}

/** The body of a stamped write. */
export const stampBody = (token: string, base: string): string => JSON.stringify({ t: token, b: base } satisfies Stamp);

/** The stamp in an item's body, or undefined when the body holds none. */
export function readStamp(body: unknown): Stamp | undefined {
    if (typeof body !== "string") return undefined;
    try {
        const value = JSON.parse(body) as Partial<Stamp>;
        return typeof value?.t === "string" && typeof value.b === "string" ? { t: value.t, b: value.b } : undefined;
    } catch {
        return undefined;
    }
}

/** A stream record, as far as the oracle reads it. */
interface StreamLike {
    readonly record: { readonly dynamodb: { readonly NewImage?: { readonly body?: { readonly S?: string } } } };
}

/** Every stamped write some replica applied (its stream shows it), token to base. */
export function appliedWrites(streams: Iterable<Iterable<StreamLike>>): Map<string, string> {
    const applied = new Map<string, string>();
    for (const stream of streams) {
        for (const { record } of stream) {
            const stamp = readStamp(record.dynamodb.NewImage?.body?.S);
            if (stamp) applied.set(stamp.t, stamp.b);
        }
    }
    return applied;
}

/** Acknowledged tokens that are neither kept nor knowingly superseded, in acknowledgement order. */
export function lostWrites(o: {
    readonly acknowledged: Iterable<string>;
    /** Tokens in the final items and their conflict copies. */
    readonly kept: ReadonlySet<string>;
    readonly applied: ReadonlyMap<string, string>;
}): string[] {
    const superseded = new Set(o.applied.values());
    return [...o.acknowledged].filter(t => !o.kept.has(t) && !superseded.has(t));
}
