/** A drill's report: Markdown for people (README "What a region outage costs" quotes its table), JSON for tools. */
import * as fs from "node:fs";
import * as path from "node:path";
import { markdownTable } from "../../../bench/lib/table";
import type { DrillResult } from "./run";

const ms = (n: number | null) => (n === null ? "never" : `${n} ms`);

/** One row per phase: calls, failed, success rate, p99. */
export function phaseTable(r: DrillResult): string {
    return markdownTable(["phase", "calls", "failed", "success", "p99"],
        r.phases.map(p => [p.phase, p.calls, p.failed, `${p.successPercent.toFixed(2)}%`, `${p.p99Ms} ms`]));
}

/** Each invariant with what the drill found. */
export function invariantTable(r: DrillResult): string {
    const row = (name: string, found: string | number, holds: boolean) => [name, String(found), holds ? "holds" : "BROKEN"];
    return markdownTable(["invariant", "found", ""], [
        row(`acknowledged writes lost (of ${r.acknowledgedWrites})`, r.lostWrites.length, r.lostWrites.length === 0),
        ...(r.unverifiableWrites.length ? [[`acknowledged writes read only by a write that got no answer`, String(r.unverifiableWrites.length), "cannot tell"]] : []),
        row(`approvals stranded (of ${r.requests})`, r.stranded.length, r.stranded.length === 0),
        r.appliedTwice === null
            ? ["outcomes applied twice", "not measured (needs the replicas' streams)", ""]
            : row("outcomes applied twice", r.appliedTwice.length, r.appliedTwice.length === 0),
        row("replicas agree at the end (checksum per replica)", r.replicasAgreeAtEnd ? "yes" : "no", r.replicasAgreeAtEnd),
    ]);
}

export function renderMarkdown(r: DrillResult): string {
    const statuses = Object.entries(r.requestStatuses).map(([s, n]) => `${n} ${s}`).join(", ") || "none";
    return [
        `# Outage drill: ${r.scenario}`,
        "",
        `${r.summary[0].toUpperCase()}${r.summary.slice(1)}.`,
        "",
        `${r.where[0].toUpperCase()}${r.where.slice(1)} (${r.regions.join(", ")}); broken: **${r.target}** from ${r.timeline.faultAtMs} ms to ${r.timeline.recoveredAtMs} ms, traffic until ${r.timeline.endAtMs} ms.`
            + (r.timeScale === 1 ? "" : ` Route 53 timings and the approval takeover grace period scaled by ${r.timeScale} (grace ${r.takeoverAfterSeconds} s).`),
        "",
        phaseTable(r),
        "",
        invariantTable(r),
        "",
        `- First served call of ${r.target}'s devices after the fault: ${ms(r.firstSuccessMs)}`,
        `- Replication caught up (every write made before the recovery in every replica) ${ms(r.caughtUpAfterMs)} after the recovery`,
        `- Replicas agree (every replica's checksum the same) ${ms(r.replicasAgreeAfterMs)} after the last call`,
        `- Failed calls: ${Object.entries(r.failures).map(([k, n]) => `${n} ${k}`).join(", ") || "none"}`,
        `- Conflict copies made: ${r.conflictCopies}`,
        `- Approval requests: ${r.requests} (${statuses})`,
        "",
        r.broken.length ? `**Failed:**\n\n${r.broken.map(b => `- ${b}`).join("\n")}` : "**Passed:** every invariant holds.",
        ...(r.appliedTwice?.length ? ["", "Requests applied twice, with their own writes in each region:", "", ...r.appliedTwice.map(a => `- ${a.requestId}: ${a.writes.join(", ")}`)] : []),
        "",
    ].join("\n");
}

/** Writes `<dir>/<scenario>-<stamp>.md` and `.json`; returns their paths. */
export function writeReport(r: DrillResult, dir: string, stamp = new Date().toISOString().replace(/[:.]/g, "-")): { markdown: string; json: string } {
    fs.mkdirSync(dir, { recursive: true });
    const base = path.join(dir, `${r.scenario}-${stamp}`);
    fs.writeFileSync(`${base}.md`, renderMarkdown(r));
    fs.writeFileSync(`${base}.json`, `${JSON.stringify(r, null, 2)}\n`);
    return { markdown: `${base}.md`, json: `${base}.json` };
}
