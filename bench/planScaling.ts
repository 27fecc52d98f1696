/**
 * Plan scaling: offline plan wall time, peak memory and resource count for 2, 3, 5 and 8 regions,
 * each in a fresh process (what `npm run plan` costs), against the 2-region plan as baseline.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { fmt, markdownTable, median } from "./lib/table";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
/** Regions added in this order; the first three are the prod stack's. */
export const SCALING_REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2", "us-west-2", "eu-central-1", "ap-southeast-1", "sa-east-1", "ca-central-1"];

interface Sample { ms: number; maxRssMb: number; resources: number; pairwise: number; perRegion: Record<string, number> }

/** Writes a prod-like stack file with the first `n` regions. */
function configFor(n: number, dir: string): string {
    const prod = parse(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8"));
    prod.config["platform:regions"] = SCALING_REGIONS.slice(0, n);
    prod.config["platform:backup"] = { ...prod.config["platform:backup"], copyRegion: "us-east-2" };
    const file = path.join(dir, `Pulumi.regions${n}.yaml`);
    fs.writeFileSync(file, stringify(prod));
    return file;
}

function sample(file: string): Sample {
    const out = execFileSync(TSX, [path.join(ROOT, "bench/lib/planWorker.ts"), file], { cwd: ROOT, encoding: "utf8" });
    return JSON.parse(out);
}

/** Runs the benchmark; returns the Markdown section. */
export function planScaling(runs: number, counts = [2, 3, 5, 8]): { markdown: string; prodUnder15s: boolean; linear: boolean } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-"));
    try {
        const results = counts.map(n => {
            const file = configFor(n, dir);
            const samples = Array.from({ length: runs }, () => sample(file));
            const last = samples[samples.length - 1];
            const nonHome = SCALING_REGIONS.slice(1, n).map(r => last.perRegion[r] ?? 0);
            return {
                n, ms: median(samples.map(s => s.ms)), rss: median(samples.map(s => s.maxRssMb)),
                resources: last.resources, home: last.perRegion[SCALING_REGIONS[0]] ?? 0, perOther: nonHome,
                global: last.perRegion.global ?? 0, pairwise: last.pairwise,
            };
        });
        const base = results[0];
        const rows = results.map(r => [
            r.n, r.resources, r.home, [...new Set(r.perOther)].join("/"), r.global, r.pairwise,
            fmt(r.ms / 1000, 2), fmt(r.ms / base.ms, 2), fmt(r.rss, 0), fmt(r.rss / base.rss, 2),
        ]);
        const perOther = results.flatMap(r => r.perOther);
        const linear = new Set(perOther).size === 1;
        const three = results.find(r => r.n === 3);
        const prodUnder15s = three ? three.ms < 15000 : true;
        const markdown = [
            `### Plan scaling (median of ${runs} fresh process${runs > 1 ? "es" : ""} per size; baseline = 2 regions)`,
            "",
            markdownTable(["regions", "resources", "home region", "each other region", "global", "pairwise alarms", "wall s", "x baseline", "peak RSS MB", "x baseline"], rows),
            "",
            "Per-region counts leave out the replication-latency alarms, which exist for every ordered pair of regions (N x (N - 1)).",
            `Resources per non-home region constant: ${linear ? "yes" : "NO"} (${[...new Set(perOther)].join(", ")}). ` +
            `3-region plan under 15 s: ${prodUnder15s ? "yes" : "NO"} (${three ? fmt(three.ms / 1000, 2) : "-"} s).`,
        ].join("\n");
        return { markdown, prodUnder15s, linear };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
