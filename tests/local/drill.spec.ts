/**
 * The outage drill (npm run drill) on the local platform: each scenario briefly, with Route 53
 * timings and the takeover grace period scaled down, and every invariant checked; then a broken
 * build (partition homes, the conflict detector and the approval fencing switched off by test-only
 * settings) on three regions, which the drill must fail naming lost writes and outcomes applied
 * twice. Against a deployed stack (FIS through a stand-in that breaks the local platform): the
 * region's template is started, the experiment's end is the recovery, figures come through the
 * API. The command itself: usage errors exit 2, the report is written as Markdown and JSON.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { endpointsFromReady, passwordTokenProvider, PlatformClient, PlatformError } from "../../client";
import { Fis, runDrillOnAws } from "../../scripts/lib/drill/aws";
import { writeReport } from "../../scripts/lib/drill/report";
import { LocalPlatform, startTestPlatform } from "../helpers/localPlatform";
import { runDrill } from "../../scripts/lib/drill/local";
import { SCENARIOS } from "../../scripts/lib/drill/run";

const ROOT = path.resolve(__dirname, "../..");

describe("outage drill (npm run drill)", function () {
    this.timeout(180_000);
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "drill-")); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const scenario of Object.keys(SCENARIOS)) {
        it(`${scenario}: no write lost, no approval stranded, no outcome twice, replicas agree`, async () => {
            const r = await runDrill({ scenario, stack: "dev", durationMs: 8_000, timeScale: 0.003 });
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
            scenario: "home-region-outage", stack: "dev", durationMs: 20_000, timeScale: 0.003, ratePerSecond: 6, replicationLagMs: 800,
            platform: { regions: ["us-east-1", "eu-west-1", "ap-southeast-2"], testOnly: { localDecisions: true, noDetector: true, noTakeoverFencing: true } },
        });
        console.log(`      (broken) lost ${r.lostWrites.length} of ${r.acknowledgedWrites}, outcomes twice ${r.appliedTwice!.length} of ${r.requests}`);
        expect(r.lostWrites.length).to.be.greaterThan(0);
        expect(r.appliedTwice!.length).to.be.greaterThan(0);
        expect(r.broken.some(b => b.startsWith("acknowledged writes lost:"))).to.equal(true);
        expect(r.broken.some(b => b.startsWith("outcomes applied twice:"))).to.equal(true);
    });

    describe("against a deployed stack (FIS through a stand-in, the local platform as the stack)", () => {
        let platform: LocalPlatform;
        before(async () => { platform = await startTestPlatform({ timeScale: 0.003, replicationLagMs: 300 }); });
        after(() => platform.stop());

        /** FIS as the drill sees it: the experiment fails the region when started and recovers it after `faultMs`, ending `status`. */
        function standInFis(faultMs: number, end: { status: string; reason?: string }) {
            const calls: string[] = [];
            let recoverAt = Infinity;
            const fis: Fis = {
                start: async (templateId, region) => {
                    calls.push(`start ${templateId} ${region}`);
                    await platform.failRegion(region);
                    recoverAt = Date.now() + faultMs;
                    return "EXP123";
                },
                state: async (id, region) => {
                    calls.push(`state ${id} ${region}`);
                    if (Date.now() < recoverAt) return { status: "running" };
                    if (!platform.region(region).api.server.running) await platform.recoverRegion(region);
                    return end;
                },
            };
            return { fis, calls };
        }

        const options = (fis: Fis) => {
            const pool = { endpoint: platform.ready.cognito.endpoint, clientId: platform.ready.cognito.clientId };
            const user = platform.ready.users.find(u => u.username === "alice")!;
            const approver = platform.ready.users.find(u => u.username === "carol")!;
            return {
                endpoints: endpointsFromReady(platform.ready), regions: Object.keys(platform.ready.regions),
                templateIds: { "eu-west-1": { "region-outage": "EXTeuOutage", "pause-replication": "EXTeuPause" }, "us-east-1": { "region-outage": "EXTusOutage", "pause-replication": "EXTusPause" } },
                user: passwordTokenProvider(pool, user.username, user.password), approver: passwordTokenProvider(pool, approver.username, approver.password),
                fis, pollMs: 200, healthRefreshMs: 300, thinkMs: 2000,
            };
        };

        it("starts the broken region's template, recovers when the experiment completes, reads the figures through the API and removes its items", async () => {
            const { fis, calls } = standInFis(3000, { status: "completed" });
            const r = await runDrillOnAws({ ...options(fis), scenario: "region-outage", beforeMs: 2000, afterMs: 2000 });
            console.log(`      ${r.phases.map(p => `${p.phase} ${p.successPercent}%`).join(", ")}; writes ${r.acknowledgedWrites}, unverifiable ${r.unverifiableWrites.length}; agree ${r.replicasAgreeAfterMs} ms`);
            expect(calls[0]).to.equal("start EXTeuOutage eu-west-1");
            expect(calls.slice(1).every(c => c === "state EXP123 eu-west-1")).to.equal(true);
            expect(r.experiment).to.deep.equal({ id: "EXP123", status: "completed" });
            expect(r.timeline.recoveredAtMs - r.timeline.faultAtMs).to.be.within(3000, 5000);
            expect(r.broken).to.deep.equal([]);
            expect(r.lostWrites).to.deep.equal([]);
            expect(r.appliedTwice).to.equal(null);
            expect(r.caughtUpAfterMs).to.equal(null);
            expect(r.replicasAgreeAtEnd).to.equal(true);
            expect(r.acknowledgedWrites).to.be.greaterThan(10);
            expect(r.where).to.equal("the deployed stack (FIS template EXTeuOutage)");
            const reader = new PlatformClient({ endpoints: endpointsFromReady(platform.ready), token: options(fis).user });
            for (const id of r.itemIds) {
                const gone = await reader.getItem(id, { region: "us-east-1" }).then(() => false, e => e instanceof PlatformError && e.status === 404);
                expect(gone, `item ${id} left behind`).to.equal(true);
            }
        });

        it("an experiment that did not complete fails the drill, naming its state; a stack without the template is refused", async () => {
            const { fis } = standInFis(500, { status: "stopped", reason: "Experiment stopped by a stop condition" });
            const r = await runDrillOnAws({ ...options(fis), scenario: "replication-pause", beforeMs: 1000, afterMs: 1000 });
            expect(r.broken).to.deep.equal(["the FIS experiment EXP123 ended stopped: Experiment stopped by a stop condition (its fault may not have run as planned)"]);
            let error: Error | undefined;
            await runDrillOnAws({ ...options(fis), templateIds: {}, scenario: "home-region-outage" }).catch(e => { error = e; });
            expect(error?.message).to.equal("The stack has no region-outage FIS template in us-east-1 (stack output drillTemplateIds): set platform:drills.fis: true and run pulumi up");
        });
    });

    it("the command: --help lists the scenarios; an unknown scenario, local flags with --outputs or a missing outputs file exit 2 naming the problem", async () => {
        const run = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>(resolve => {
            const child = spawn("npx", ["tsx", "scripts/drill.ts", ...args], { cwd: ROOT });
            let stdout = "", stderr = "";
            child.stdout.on("data", d => { stdout += d; });
            child.stderr.on("data", d => { stderr += d; });
            child.on("close", status => resolve({ status, stdout, stderr }));
        });
        const [help, unknown, mixed, noFile] = await Promise.all([
            run("--help"),
            run("--scenario", "meteor"),
            run("--scenario", "region-outage", "--outputs", "outputs.json", "--duration", "60"),
            run("--scenario", "region-outage", "--outputs", path.join(dir, "none.json")),
        ]);
        expect(help.status).to.equal(0);
        for (const name of Object.keys(SCENARIOS)) expect(help.stdout).to.include(name);
        expect(unknown.status).to.equal(2);
        expect(unknown.stderr).to.include("drill: --scenario: unknown scenario meteor (region-outage, home-region-outage, replication-pause)");
        expect(mixed.status).to.equal(2);
        expect(mixed.stderr).to.include("drill: --duration is for the local platform; with --outputs the FIS experiment sets the fault's length");
        expect(noFile.status).to.equal(2);
        expect(noFile.stderr).to.include("drill: Cannot read the stack outputs");
    });
});
