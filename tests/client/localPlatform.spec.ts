/**
 * The client library and the smoke suite on the local platform (one platform for this file):
 * a region failing under a steady stream of reads and creates costs the caller no failed call and
 * no duplicate; a drained region gets no calls; the smoke suite passes on a healthy platform and
 * fails, naming the region and the step, when one region's health fails.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { endpointsFromReady, PlatformClient, passwordTokenProvider } from "../../client";
import { duplicates, figures, runStream } from "../../bench/failoverStream";
import { setDrain } from "../../scripts/lib/drain";
import { renderSmoke, runSmoke } from "../../scripts/lib/smoke";
import { call, eventually, LocalPlatform, startTestPlatform } from "../helpers/localPlatform";

const US = "us-east-1";
const EU = "eu-west-1";
const ROOT = path.resolve(__dirname, "../..");

/** Runs the smoke CLI without blocking this process (which serves the platform). */
function smokeCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise(resolve => execFile(process.execPath, ["--import", "tsx", "scripts/smoke.ts", ...args], { cwd: ROOT, timeout: 45_000 }, (error, stdout, stderr) => {
        resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    }));
}

describe("client library and smoke suite on the local platform", function () {
    this.timeout(60_000);
    let platform: LocalPlatform;
    let dir: string;
    let readyFile: string;
    const tokenOf = (username: string) => {
        const user = platform.ready.users.find(u => u.username === username)!;
        return passwordTokenProvider({ endpoint: platform.ready.cognito.endpoint, clientId: platform.ready.cognito.clientId }, username, user.password);
    };
    const clientFor = (username: string, o: Partial<ConstructorParameters<typeof PlatformClient>[0]> = {}) =>
        new PlatformClient({ endpoints: endpointsFromReady(platform.ready), token: tokenOf(username), preferredRegion: EU, ...o });

    before(async () => {
        platform = await startTestPlatform();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "client-spec-"));
        readyFile = path.join(dir, "ready.json");
        fs.writeFileSync(readyFile, JSON.stringify(platform.ready));
    });
    after(async () => {
        await platform.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("a region failing mid-stream (20 calls/s, half creates): no call fails, no create is lost or duplicated, and calls come back after recovery", async () => {
        const client = clientFor("alice");
        const prefix = `stream-${Date.now()}`;
        const { calls, marks } = await runStream({
            client, ratePerSecond: 20, durationMs: 2500, titlePrefix: prefix,
            events: [
                { name: "fail", atMs: 700, action: () => platform.failRegion(EU) },
                { name: "recover", atMs: 1700, action: () => platform.recoverRegion(EU) },
            ],
            // After recovery, until a create is served by EU again (the breaker's /health probe closed it).
            until: (cs, m) => m.recover !== undefined && cs.some(c => c.kind === "create" && c.ok && c.region === EU && c.startMs > m.recover), maxExtraMs: 8000,
        });
        const f = figures(calls, marks["fail:start"], marks.recover, EU);
        const failed = calls.filter(c => !c.ok);
        expect(failed, JSON.stringify(failed)).to.deep.equal([]);
        // Creates sent while eu-west-1 was down were served by us-east-1 (the machine may be slow: start times only).
        const during = calls.filter(c => c.kind === "create" && c.startMs > marks.fail && c.startMs < marks["recover:start"]);
        expect(during.length).to.be.greaterThan(3);
        expect(during.map(c => c.region)).to.deep.equal(during.map(() => US));
        expect(f.backAfterRecoveryMs, "a create was served by eu-west-1 after recovery").to.be.a("number");
        // Every acknowledged create exactly once, in both regions, once replication has delivered what the outage held.
        const reader = clientFor("alice");
        const settled = await eventually(async () => {
            const [us, eu] = await Promise.all([US, EU].map(r => reader.listAllItems({ region: r })));
            const titles = (items: typeof us) => items.map(i => i.title).filter(t => t.startsWith(prefix)).sort();
            return JSON.stringify(titles(us)) === JSON.stringify(titles(eu)) ? titles(us) : undefined;
        }, 10_000, "both replicas holding the same items");
        const d = duplicates(calls, settled, prefix);
        expect(d).to.deep.equal({ duplicates: 0, missing: 0, ours: calls.filter(c => c.kind === "create" && c.ok).length });
        console.log(`      ${calls.length} calls, 0 failed; first success ${f.toFirstSuccessMs.toFixed(0)} ms after the failure; back in ${EU} ${f.backAfterRecoveryMs!.toFixed(0)} ms after recovery; ${d.ours} creates, 0 duplicates`);
    });

    it("a drained region is skipped: a fresh client preferring it sends it no call", async () => {
        const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: US, endpoint: platform.ready.regions[US].dynamodb, credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
        await setDrain(db, platform.ready.table, EU, true, "test");
        try {
            await eventually(async () => ((await call(`${platform.ready.regions[EU].api}/health`)).body?.status === "drained" ? true : undefined), 5000, "eu-west-1 /health saying drained");
            const items = platform.region(EU).functions.items;
            const before = items.invocations;
            const client = clientFor("alice");
            for (let i = 0; i < 5; i++) {
                expect((await client.createItem({ title: `drained-${i}` })).updatedRegion).to.equal(US);
                await client.listItems();
            }
            expect(items.invocations).to.equal(before);
            expect(client.breakerStates()[EU]).to.deep.equal({ state: "open", reason: "drained" });
        } finally {
            await setDrain(db, platform.ready.table, EU, false, "test");
        }
    });

    it("smoke: passes on a healthy platform, every region and step", async () => {
        await eventually(async () => ((await call(`${platform.ready.regions[EU].api}/health`)).status === 200 ? true : undefined), 5000, "eu-west-1 healthy again");
        const report = await runSmoke({ endpoints: endpointsFromReady(platform.ready), user: tokenOf("alice"), approver: tokenOf("carol"), replicationDeadlineMs: 5000, approvalDeadlineMs: 10_000 });
        const text = renderSmoke(report);
        expect(report.ok, text).to.equal(true);
        for (const region of [US, EU]) {
            expect(report.results.filter(r => r.region === region).map(r => r.step)).to.deep.equal([
                "health", "create item", "read item", "update item", `replicated to ${region === US ? EU : US}`,
                "publish request", "approver sees it pending", "approver rejects it", "delete item",
            ]);
        }
        expect(text).to.contain("SMOKE PASSED: 19 checks in 2 regions");
    });

    it("smoke (npm run smoke -- --ready-file): exits 1 naming the region when one region's health fails, 2 without a target", async () => {
        await call(`${platform.ready.control}/regions/${EU}/health/fail`, { method: "POST" });
        try {
            const run = await smokeCli(["--ready-file", readyFile, "--replication-deadline-seconds", "5"]);
            expect(run.status, run.stdout + run.stderr).to.equal(1);
            expect(run.stdout).to.match(/eu-west-1\n {2}health +FAIL .*GET \/health answered 503/);
            expect(run.stdout.trim().split("\n").at(-1), run.stdout).to.equal("SMOKE FAILED: eu-west-1: health");
        } finally {
            await call(`${platform.ready.control}/regions/${EU}/health/recover`, { method: "POST" });
        }
        const usage = await smokeCli([]);
        expect(usage.status).to.equal(2);
        expect(usage.stderr).to.contain("usage: npm run smoke");
    });
});
