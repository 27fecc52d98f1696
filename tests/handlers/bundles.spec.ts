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

    const invoke = async (name: string, event: unknown) => {
        const file = path.join(dir, `${name.replace("/", "-")}.js`);
        fs.writeFileSync(file, buildHandlerCode(name).code);
        const script = `require(${JSON.stringify(file)}).handler(${JSON.stringify(event)}).then(r => process.stdout.write(JSON.stringify(r)), e => { console.error(e); process.exit(1); })`;
        // execFileSync blocks this process's event loop, and dynalite runs in it: use the async form.
        const { execFile } = await import("node:child_process");
        const out = await new Promise<string>((resolve, reject) => execFile(process.execPath, ["-e", script], {
            env: { ...process.env, NODE_PATH: path.resolve(__dirname, "../../node_modules"), TABLE_NAME: TABLE, AWS_REGION: REGION, DYNAMODB_ENDPOINT: local.endpoint, POWERTOOLS_LOG_LEVEL: "SILENT" },
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

    it("bundles do not contain the AWS SDK and stay small", () => {
        for (const name of ["api/items", "health"]) {
            const { code } = buildHandlerCode(name);
            expect(code, name).to.match(/require\("@aws-sdk\/client-dynamodb"\)/);
            expect(Buffer.byteLength(code), name).to.be.below(250_000);
        }
    });
});
