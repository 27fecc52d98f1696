/**
 * Each handler bundle, as deployed (esbuild, minified, AWS SDK left to the runtime), loads in a
 * fresh Node process and serves a request against dynalite. The SDK resolves from this repo's
 * node_modules, standing in for the one the Lambda runtime provides.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { buildHandlerCode } from "../../components/logic/bundle";
import { CONTROL_PK, SENTINEL_SK } from "../../handlers/shared/keys";
import { apiEvent, LocalTable, REGION, startLocalTable, TABLE } from "./helpers/local";

describe("handler bundles in a fresh process", () => {
    let local: LocalTable;
    let dir: string;
    before(async () => {
        local = await startLocalTable();
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: CONTROL_PK, sk: SENTINEL_SK } }));
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundles-"));
    });
    after(async () => {
        await local.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const invoke = async (name: string, event: unknown, extraEnv: Record<string, string> = {}) => {
        const file = path.join(dir, `${name.replace("/", "-")}.js`);
        fs.writeFileSync(file, buildHandlerCode(name).code);
        const script = `require(${JSON.stringify(file)}).handler(${JSON.stringify(event)}).then(r => process.stdout.write(JSON.stringify(r)), e => { console.error(e); process.exit(1); })`;
        // execFileSync blocks this process's event loop, and dynalite runs in it: use the async form.
        const { execFile } = await import("node:child_process");
        const out = await new Promise<string>((resolve, reject) => execFile(process.execPath, ["-e", script], {
            env: { ...process.env, NODE_PATH: path.resolve(__dirname, "../../node_modules"), TABLE_NAME: TABLE, AWS_REGION: REGION, DYNAMODB_ENDPOINT: local.endpoint, POWERTOOLS_LOG_LEVEL: "SILENT", ...extraEnv },
        }, (err, stdout, stderr) => err ? reject(new Error(stderr || err.message)) : resolve(stdout)));
        return JSON.parse(out);
    };

    it("items: creates an item", async () => {
        const res = await invoke("api/items", apiEvent({ method: "POST", resource: "/items", sub: "bundle-0001", body: { title: "from the bundle" } }));
        expect(res.statusCode).to.equal(201);
        expect(JSON.parse(res.body)).to.include({ title: "from the bundle", version: 1 });
    });

    it("health: answers 200 from the sentinel", async () => {
        const res = await invoke("health", {});
        expect([res.statusCode, JSON.parse(res.body)]).to.deep.equal([200, { status: "ok", region: REGION }]);
    });

    it("approval/api: answers 404 for an unknown request", async () => {
        const res = await invoke("approval/api", apiEvent({ method: "GET", resource: "/requests/{id}", id: "00000000-0000-4000-8000-000000000000", sub: "bundle-0001" }), {
            STATE_MACHINE_ARN: `arn:aws:states:${REGION}:123456789012:stateMachine:m`, PLATFORM_REGIONS: REGION, TAKEOVER_AFTER_SECONDS: "900",
        });
        expect([res.statusCode, JSON.parse(res.body).error.code]).to.deep.equal([404, "NOT_FOUND"]);
    });

    it("approval/worker: expiring an unknown request is a no-op", async () => {
        expect(await invoke("approval/worker", { step: "expire", requestId: "00000000-0000-4000-8000-000000000000" })).to.deep.equal({});
    });

    it("approval/notify: refuses a malformed event without echoing it", async () => {
        let error = "";
        try {
            await invoke("approval/notify", { requestId: "x", taskToken: "SECRET-TOKEN" }, { APPROVERS_TOPIC_ARN: "arn:aws:sns:us-east-1:1:t", DECIDE_URL: "https://x" });
        } catch (e) { error = (e as Error).message; }
        expect(error).to.contain("Notify event must be { requestId, taskToken }");
        expect(error).to.not.contain("SECRET-TOKEN");
    });

    it("bundles do not contain the AWS SDK and stay small", () => {
        for (const name of ["api/items", "health", "approval/api", "approval/notify", "approval/worker"]) {
            const { code } = buildHandlerCode(name);
            expect(code, name).to.match(/require\("@aws-sdk\/client-dynamodb"\)/);
            expect(Buffer.byteLength(code), name).to.be.below(250_000);
        }
    });
});
