/**
 * `npm start` as a newcomer runs it: the README's command starts every region, prints and writes
 * the ready JSON in the documented shape, and SIGTERM or SIGINT stop everything within 2 s with no
 * process left behind. Bad flags and bad stack files exit 2 with one clear message.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { call, eventually } from "../helpers/localPlatform";

const ROOT = path.resolve(__dirname, "../..");

/** Pids of processes whose command line mentions `marker` (nothing else carries the unique ready-file path). */
function processesWith(marker: string): number[] {
    return fs.readdirSync("/proc").filter(d => /^\d+$/.test(d)).filter(pid => {
        try { return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker); } catch { return false; }
    }).map(Number);
}

describe("npm start (the local platform's command)", function () {
    this.timeout(60_000);
    let dir: string;
    const children: ChildProcess[] = [];
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "npm-start-")); });
    after(() => {
        for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
        fs.rmSync(dir, { recursive: true, force: true });
    });

    async function start(name: string) {
        const readyFile = path.join(dir, `${name}.json`);
        const child = spawn("npm", ["start", "--silent", "--", "--port", "0", "--ready-file", readyFile], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } });
        children.push(child);
        let stdout = "";
        child.stdout!.on("data", d => { stdout += d; });
        const started = Date.now();
        const ready = await eventually(async () => (fs.existsSync(readyFile) ? JSON.parse(fs.readFileSync(readyFile, "utf8")) : undefined), 20_000, "the ready file");
        return { child, readyFile, ready, startedInMs: Date.now() - started, stdout: () => stdout };
    }

    async function stopWith(run: Awaited<ReturnType<typeof start>>, signal: NodeJS.Signals) {
        const exited = new Promise<number | null>(resolve => run.child.once("exit", code => resolve(code)));
        const t0 = Date.now();
        run.child.kill(signal);
        const code = await exited;
        await eventually(async () => (processesWith(run.readyFile).length === 0 ? true : undefined), 2000, "every process of the platform to end");
        return { code, ms: Date.now() - t0 };
    }

    it("starts the dev stack, prints and writes the ready JSON, serves every endpoint, and stops on SIGTERM within 2 s leaving nothing behind", async () => {
        const run = await start("term");
        const { ready } = run;
        expect(Object.keys(ready).sort()).to.deep.equal(["cognito", "consistency", "console", "control", "frontDoor", "outbox", "regions", "stack", "table", "users"]);
        expect(ready.stack).to.equal("dev");
        expect(Object.keys(ready.regions)).to.deep.equal(["us-east-1", "eu-west-1"]);
        for (const r of Object.values<any>(ready.regions)) expect(Object.keys(r).sort()).to.deep.equal(["api", "dynamodb", "stepfunctions"]);
        expect(Object.keys(ready.cognito).sort()).to.deep.equal(["clientId", "endpoint", "issuer", "issuers", "region", "replicaRegion", "userPoolId"]);
        expect(ready.cognito.region).to.equal("us-east-1");
        expect(ready.users.map((u: any) => [u.username, u.groups])).to.deep.equal([["alice", []], ["bob", []], ["carol", ["approvers"]]]);
        expect(ready.outbox).to.match(/^http:\/\/127\.0\.0\.1:\d+\/messages$/);
        await eventually(async () => (run.stdout().trim().endsWith("}") ? true : undefined), 5000, "the printed JSON");
        expect(JSON.parse(run.stdout())).to.deep.equal(ready);
        expect((await call(`${ready.frontDoor}/health`)).body).to.deep.equal({ status: "ok", region: "us-east-1" });
        expect((await call(`${ready.regions["eu-west-1"].api}/health`)).body).to.deep.equal({ status: "ok", region: "eu-west-1" });
        expect((await call(`${ready.cognito.issuer}/.well-known/openid-configuration`)).body.issuer).to.equal(ready.cognito.issuer);
        expect((await call(ready.outbox)).body).to.deep.equal({ messages: [] });
        expect((await call(`${ready.control}/state`)).status).to.equal(200);
        // The console, on an origin of its own, configured with the platform's endpoints.
        expect(ready.console).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(Object.values<any>(ready.regions).map(r => new URL(r.api).origin)).to.not.include(ready.console);
        expect((await call(`${ready.console}/config.json`)).body.api).to.deep.equal({ url: ready.frontDoor, regions: Object.fromEntries(Object.entries<any>(ready.regions).map(([r, v]) => [r, v.api])) });
        expect(processesWith(run.readyFile).length).to.be.greaterThan(0);
        const stopped = await stopWith(run, "SIGTERM");
        expect(stopped.ms).to.be.below(2000);
        expect(fs.existsSync(run.readyFile)).to.equal(false);
        console.log(`      ready file after ${run.startedInMs} ms (npm included); stopped in ${stopped.ms} ms`);
    });

    it("stops on SIGINT (Ctrl-C) within 2 s leaving nothing behind", async () => {
        const run = await start("int");
        const stopped = await stopWith(run, "SIGINT");
        expect(stopped.ms).to.be.below(2000);
        await fetch(`${run.ready.frontDoor}/health`).then(() => expect.fail("the front door still answers"), () => undefined);
    });

    const direct = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "local/main.ts", ...args], { cwd: ROOT, encoding: "utf8" });

    it("bad flags and bad stack files: exit 2 with one line naming the problem; --help: exit 0", () => {
        const cases: Array<[string[], RegExp]> = [
            [["--nope"], /^start: unknown option --nope \(--help for usage\)$/],
            [["--time-scale", "2"], /^start: --time-scale: must be a number in \(0, 1\] \(got 2\)/],
            [["--port", "x"], /^start: --port: must be 0 or a port number \(got x\)/],
            [["--stack", "nope", "--port", "0"], /^start: cannot read Pulumi\.nope\.yaml: no such file$/],
        ];
        for (const [args, message] of cases) {
            const out = direct(...args);
            expect(out.status, args.join(" ")).to.equal(2);
            expect(out.stderr.trim().split("\n"), args.join(" ")).to.have.length(1);
            expect(out.stderr.trim()).to.match(message);
        }
        const bad = path.join(dir, "bad.yaml");
        fs.writeFileSync(bad, "config:\n  platform:regions: [us-east-1]\n  platform:healthCheck: {intervalSeconds: 7}\n");
        const invalid = direct("--config-file", bad, "--port", "0");
        expect(invalid.status).to.equal(2);
        expect(invalid.stderr).to.contain("Invalid stack configuration (2 problems)").and.contain("platform:healthCheck.intervalSeconds").and.contain("platform:regions");
        const help = direct("--help");
        expect(help.status).to.equal(0);
        expect(help.stdout).to.contain("--ready-file PATH");
        const yaml = path.join(dir, "broken.yaml");
        fs.writeFileSync(yaml, "config: [\n");
        const broken = direct("--config-file", yaml, "--port", "0");
        expect(broken.status).to.equal(2);
        expect(broken.stderr.trim().split("\n")).to.have.length(1);
        expect(broken.stderr).to.match(/^start: .*broken\.yaml:2:1: not valid YAML/);
    });
});
