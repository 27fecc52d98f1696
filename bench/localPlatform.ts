/**
 * Local platform start-up: time from `node --import tsx local/main.ts` to its ready file, and the
 * process's resident memory once ready, for 2 and 3 regions (the dev and prod stacks), median of
 * N fresh processes. Baseline in the same run: the same Node + tsx start with an empty program.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { markdownTable, median } from "./lib/table";

const ROOT = path.resolve(__dirname, "..");

/** Resident set of a process in MB (threads included: workers share the process). */
function rssMb(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function startOnce(stack: string): Promise<{ readyMs: number; rssMb: number }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-start-"));
    const readyFile = path.join(dir, "ready.json");
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--import", "tsx", "local/main.ts", "--stack", stack, "--port", "0", "--ready-file", readyFile], { cwd: ROOT, stdio: "ignore" });
    try {
        while (!fs.existsSync(readyFile)) {
            if (child.exitCode !== null) throw new Error(`local platform exited with ${child.exitCode}`);
            await new Promise(r => setTimeout(r, 10));
        }
        const readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
        await new Promise(r => setTimeout(r, 300)); // let start-up garbage settle
        return { readyMs, rssMb: rssMb(child.pid!) };
    } finally {
        const exited = new Promise(r => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function floorOnce(): number {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ["--import", "tsx", "-e", ""], { cwd: ROOT, stdio: "ignore" });
    return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function run(quick: boolean): Promise<{ markdown: string; targets: string[] }> {
    const n = quick ? 1 : 5;
    const floor = median(Array.from({ length: n }, floorOnce));
    const rows: Array<{ stack: string; regions: number; readyMs: number; rssMb: number }> = [];
    for (const [stack, regions] of [["dev", 2], ["prod", 3]] as const) {
        const runs: Array<{ readyMs: number; rssMb: number }> = [];
        for (let i = 0; i < n; i++) runs.push(await startOnce(stack));
        rows.push({ stack, regions, readyMs: median(runs.map(r => r.readyMs)), rssMb: median(runs.map(r => r.rssMb)) });
    }
    const [dev, prod] = rows;
    const table = markdownTable(
        ["stack", "regions", "ready (ms, median)", "x node+tsx floor", "resident memory (MB)", "functions (worker threads)"],
        [
            ["(floor: node --import tsx, empty program)", "-", floor.toFixed(0), "1.00x", "-", "-"],
            ...rows.map(r => [r.stack, String(r.regions), r.readyMs.toFixed(0), `${(r.readyMs / floor).toFixed(2)}x`, r.rssMb.toFixed(0), String(r.regions * 5)]),
        ],
    );
    const perRegion = prod.readyMs - dev.readyMs;
    const markdown = [
        "## Local platform start-up (`npm start`)",
        "",
        `Median of ${n} fresh processes each: from spawning \`node --import tsx local/main.ts --stack S --port 0\` to its ready file`,
        "(every region's API, replica, Step Functions, the functions' bundles loaded in their worker threads, the user pool,",
        "the outbox, the front door and the control API all answering), and the process's resident memory once ready.",
        "",
        table,
        "",
        `One more region adds ${perRegion.toFixed(0)} ms and ${(prod.rssMb - dev.rssMb).toFixed(0)} MB (3 regions vs 2).`,
    ].join("\n");
    return { markdown, targets: [`local platform: 3 regions ready in <= 10 s ${prod.readyMs <= 10_000 ? "MET" : "MISSED"} (${(prod.readyMs / 1000).toFixed(1)} s)`] };
}
