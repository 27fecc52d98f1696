/**
 * The outage drill (npm run drill) on the local platform: each scenario briefly, with Route 53
 * timings and the takeover grace period scaled down, and every invariant checked; then a broken
 * build (partition homes, the conflict detector and the approval fencing switched off by test-only
 * settings) on three regions, which the drill must fail naming lost writes and outcomes applied
 * twice. The command itself: usage errors exit 2, the report is written as Markdown and JSON.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { writeReport } from "../../scripts/lib/drill/report";
import { runDrill, SCENARIOS } from "../../scripts/lib/drill/run";

const ROOT = path.resolve(__dirname, "../..");

describe("outage drill (npm run drill)", function () {
    this.timeout(180_000);
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "drill-")); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const scenario of Object.keys(SCENARIOS)) {
        it(`${scenario}: no write lost, no approval stranded, no outcome twice, replicas agree`, async () => {
            const r = await runDrill({ scenario, stack: "dev", durationMs: 10_000, timeScale: 0.003 });
            console.log(`      ${r.phases.map(p => `${p.phase} ${p.successPercent}% p99 ${p.p99Ms} ms`).join(", ")}; first success ${r.firstSuccessMs} ms; `
                + `writes ${r.acknowledgedWrites}, copies ${r.conflictCopies}, requests ${r.requests}; caught up ${r.caughtUpAfterMs} ms, agree ${r.replicasAgreeAfterMs} ms`);
            expect(r.broken).to.deep.equal([]);
            expect(r.lostWrites).to.deep.equal([]);
            expect(r.stranded).to.deep.equal([]);
            expect(r.appliedTwice).to.deep.equal([]);
            expect(r.replicasAgreeAtEnd).to.equal(true);
            expect(r.acknowledgedWrites).to.be.greaterThan(20);
            expect(r.requests).to.be.greaterThan(0);
            expect(r.phases.map(p => p.phase)).to.deep.equal(["before", "during", "after"]);
            expect(r.phases.every(p => p.calls > 0)).to.equal(true);
            expect(r.firstSuccessMs).to.be.a("number");
            expect(r.caughtUpAfterMs).to.be.a("number");
            expect(r.replicasAgreeAfterMs).to.be.a("number");
            const files = writeReport(r, dir, "test");
            expect(fs.readFileSync(files.markdown, "utf8")).to.include(`# Outage drill: ${scenario}`).and.include("**Passed:** every invariant holds.");
            expect(JSON.parse(fs.readFileSync(files.json, "utf8")).broken).to.deep.equal([]);
        });
    }

    it("a broken build (no partition homes, no conflict detector, no approval fencing) fails, naming lost writes and outcomes applied twice", async () => {
        const r = await runDrill({
            scenario: "home-region-outage", stack: "dev", durationMs: 24_000, timeScale: 0.003, ratePerSecond: 6, replicationLagMs: 800,
            platform: { regions: ["us-east-1", "eu-west-1", "ap-southeast-2"], testOnly: { localDecisions: true, noDetector: true, noTakeoverFencing: true } },
        });
        console.log(`      (broken) lost ${r.lostWrites.length} of ${r.acknowledgedWrites}, outcomes twice ${r.appliedTwice.length} of ${r.requests}`);
        expect(r.lostWrites.length).to.be.greaterThan(0);
        expect(r.appliedTwice.length).to.be.greaterThan(0);
        expect(r.broken.some(b => b.startsWith("acknowledged writes lost:"))).to.equal(true);
        expect(r.broken.some(b => b.startsWith("outcomes applied twice:"))).to.equal(true);
    });

    it("the command: --help lists the scenarios, an unknown scenario or a bad number exits 2 naming the flag", () => {
        const run = (...args: string[]) => spawnSync("npx", ["tsx", "scripts/drill.ts", ...args], { cwd: ROOT, encoding: "utf8" });
        const help = run("--help");
        expect(help.status).to.equal(0);
        for (const name of Object.keys(SCENARIOS)) expect(help.stdout).to.include(name);
        const unknown = run("--scenario", "meteor");
        expect(unknown.status).to.equal(2);
        expect(unknown.stderr).to.include("drill: --scenario: unknown scenario meteor (region-outage, home-region-outage, replication-pause)");
        const duration = run("--scenario", "region-outage", "--duration", "2");
        expect(duration.status).to.equal(2);
        expect(duration.stderr).to.include("--duration: must be seconds from 4 to 3600 (got 2)");
        const missing = run();
        expect(missing.status).to.equal(2);
        expect(missing.stderr).to.include("--scenario is required");
    });
});
