/**
 * Runs one offline plan in this (fresh) process and prints its cost as JSON:
 * wall time, peak RSS, resource counts overall and per region.
 */
import { performance } from "node:perf_hooks";
import { runProgram } from "../../scripts/lib/runProgram";
import { readStackConfig } from "../../scripts/lib/stackConfig";

async function main(): Promise<void> {
    const [configFile, stack = "bench"] = process.argv.slice(2);
    const start = performance.now();
    const { config, project } = readStackConfig(configFile);
    const run = await runProgram({ stack, config, project });
    const ms = performance.now() - start;
    const custom = run.resources.filter(r => r.custom && !r.type.startsWith("pulumi:providers:"));
    const perRegion: Record<string, number> = {};
    // Replication-latency alarms exist per ordered pair of regions, N x (N - 1) by design: counted apart.
    const pairwise = custom.filter(r => /-replication-to-/.test(r.name)).length;
    for (const r of custom.filter(x => !/-replication-to-/.test(x.name))) {
        const region = run.cloud.regionOf(r.inputs, r.provider) ?? "global";
        perRegion[region] = (perRegion[region] ?? 0) + 1;
    }
    process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, resources: custom.length, pairwise, perRegion }));
}

main().then(() => process.exit(0), e => { console.error(e); process.exit(1); });
