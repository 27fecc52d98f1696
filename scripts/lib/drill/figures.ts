/**
 * What a drill measured, computed from its logs: pure functions, unit-tested in
 * tests/logic/drill.spec.ts. A call counts as served when the platform answered it as it should
 * (2xx, or the 404/409/410/412 a caller expects when others write at once); failed otherwise (5xx,
 * 429, no answer in time).
 */
import { percentile } from "../../../bench/lib/table";
import { REQUEST_SK } from "../../../handlers/shared/keys";
import type { CallRecord } from "./traffic";

export interface PhaseFigures {
    readonly phase: "before" | "during" | "after";
    readonly calls: number;
    readonly failed: number;
    /** Served calls / calls, percent (100 when no call). */
    readonly successPercent: number;
    /** 99th percentile of every call's duration (served or not), ms. */
    readonly p99Ms: number;
}

/** The drill's timeline, ms since its start. */
export interface Timeline {
    readonly faultAtMs: number;
    readonly recoveredAtMs: number;
    readonly endAtMs: number;
}

/** Calls split by when they started: before the fault, during it, after the recovery. */
export function phases(calls: readonly CallRecord[], t: Timeline): PhaseFigures[] {
    const bounds = [["before", 0, t.faultAtMs], ["during", t.faultAtMs, t.recoveredAtMs], ["after", t.recoveredAtMs, Infinity]] as const;
    return bounds.map(([phase, from, to]) => {
        const mine = calls.filter(c => c.startMs >= from && c.startMs < to);
        const failed = mine.filter(c => c.result === "failed").length;
        return {
            phase, calls: mine.length, failed,
            successPercent: mine.length ? Math.round((10_000 * (mine.length - failed)) / mine.length) / 100 : 100,
            p99Ms: mine.length ? Math.round(percentile(mine.map(c => c.endMs - c.startMs), 99)) : 0,
        };
    });
}

/** From the fault to the end of the first served call started after it by a device of `regions`, ms; undefined if none. */
export function firstSuccessAfter(calls: readonly CallRecord[], faultAtMs: number, regions: readonly string[]): number | undefined {
    const ends = calls.filter(c => c.startMs >= faultAtMs && c.result !== "failed" && regions.includes(c.region)).map(c => c.endMs);
    return ends.length ? Math.round(Math.min(...ends) - faultAtMs) : undefined;
}

/** Failed calls counted by kind and code (`update NETWORK_ERROR`), most frequent first. */
export function failureCounts(calls: readonly CallRecord[]): Record<string, number> {
    const counts = new Map<string, number>();
    for (const c of calls) {
        if (c.result !== "failed") continue;
        const key = `${c.kind} ${c.code ?? "?"}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

/** A stream record as the outcome audit reads it. */
export interface AuditRecord {
    readonly record: { readonly dynamodb: { readonly Keys: Record<string, { S?: string }>; readonly OldImage?: Record<string, { S?: string }>; readonly NewImage?: Record<string, { S?: string }> } };
    readonly origin: { readonly writerRegion: string; readonly replicated: boolean };
}

/**
 * Requests whose outcome more than one region applied: for each approval request, the regions
 * whose own writes (not replicated copies) moved it to PUBLISHED or to REJECTED. One region is
 * right; two mean two decisions each acted (a publish and its notices twice, or a publish and a
 * rejection). Read from every replica's stream; each finding lists the request's own writes in
 * every region (`region: FROM->TO`, in stream order) for the report.
 */
export function outcomesAppliedTwice(streams: Iterable<Iterable<AuditRecord>>): Array<{ readonly requestId: string; readonly regions: readonly string[]; readonly writes: readonly string[] }> {
    const byRequest = new Map<string, Set<string>>();
    const writes = new Map<string, string[]>();
    for (const stream of streams) {
        for (const { record, origin } of stream) {
            const { Keys, OldImage, NewImage } = record.dynamodb;
            if (origin.replicated || Keys.sk?.S !== REQUEST_SK) continue;
            const id = Keys.pk!.S!.replace(/^REQUEST#/, "");
            const from = OldImage?.status?.S;
            const to = NewImage?.status?.S;
            writes.set(id, [...(writes.get(id) ?? []), `${origin.writerRegion}: ${from ?? "-"}->${to ?? "-"}`]);
            if ((to === "PUBLISHED" || to === "REJECTED") && from !== to) byRequest.set(id, (byRequest.get(id) ?? new Set()).add(origin.writerRegion));
        }
    }
    return [...byRequest].filter(([, regions]) => regions.size > 1)
        .map(([requestId, regions]) => ({ requestId, regions: [...regions].sort(), writes: writes.get(requestId) ?? [] }));
}

/** The drill's invariants, each with what broke it; empty when all hold. */
export function brokenInvariants(o: {
    readonly lostWrites: readonly string[];
    readonly stranded: ReadonlyArray<{ readonly requestId: string; readonly status: string }>;
    readonly appliedTwice: ReadonlyArray<{ readonly requestId: string; readonly regions: readonly string[] }>;
    readonly replicasAgree: boolean;
}): string[] {
    const broken: string[] = [];
    const some = (list: readonly string[]) => list.slice(0, 5).join(", ") + (list.length > 5 ? `, and ${list.length - 5} more` : "");
    if (o.lostWrites.length) broken.push(`acknowledged writes lost: ${o.lostWrites.length} (${some(o.lostWrites)})`);
    if (o.stranded.length) broken.push(`approvals stranded: ${o.stranded.length} (${some(o.stranded.map(s => `${s.requestId} ${s.status}`))})`);
    if (o.appliedTwice.length) broken.push(`outcomes applied twice: ${o.appliedTwice.length} (${some(o.appliedTwice.map(a => `${a.requestId} in ${a.regions.join(" and ")}`))})`);
    if (!o.replicasAgree) broken.push("replicas disagree after the drill (their checksums differ)");
    return broken;
}
