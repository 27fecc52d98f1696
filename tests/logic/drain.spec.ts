/** The drain flag the region command writes is the one /health reads (dynalite). */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { drainStatus, setDrain } from "../../scripts/lib/drain";
import { checkHealth } from "../../handlers/health/domain";
import { CONTROL_PK, SENTINEL_SK } from "../../handlers/shared/keys";
import { LocalTable, startLocalTable, TABLE } from "../handlers/helpers/local";

describe("region drain", () => {
    let local: LocalTable;
    before(async () => {
        local = await startLocalTable();
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: CONTROL_PK, sk: SENTINEL_SK } }));
    });
    after(async () => { await local.close(); });

    it("drain makes that region's health 503, undrain brings it back, other regions untouched", async () => {
        const at = new Date("2026-11-24T10:00:00Z");
        expect(await setDrain(local.db, TABLE, "eu-west-1", true, "ops", "drill", at)).to.deep.equal({ region: "eu-west-1", drained: true, reason: "drill", changedAt: "2026-11-24T10:00:00.000Z", changedBy: "ops" });
        expect((await checkHealth(local.db, TABLE, "eu-west-1", 1000)).status).to.equal("drained");
        expect((await checkHealth(local.db, TABLE, "us-east-1", 1000)).status).to.equal("ok");
        expect((await drainStatus(local.db, TABLE, "eu-west-1")).drained).to.equal(true);
        await setDrain(local.db, TABLE, "eu-west-1", false, "ops");
        expect((await checkHealth(local.db, TABLE, "eu-west-1", 1000)).status).to.equal("ok");
        expect(await drainStatus(local.db, TABLE, "ap-northeast-2")).to.deep.equal({ region: "ap-northeast-2", drained: false });
    });

    it("the command explains its usage, and what to do when stack outputs are unavailable", () => {
        const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", path.resolve(__dirname, "../../scripts/region.ts"), ...args], { encoding: "utf8", env: { ...process.env, PATH: "/usr/bin:/bin" } });
        const usage = run("drain");
        expect(usage.status).to.equal(2);
        expect(usage.stderr).to.equal("region: drain needs a region (--help for usage)\n");
        const noCli = run("status", "eu-west-1", "--stack", "dev");
        expect(noCli.status).to.equal(1);
        expect(noCli.stderr).to.contain("Cannot read the outputs of stack dev: the Pulumi CLI is not installed.");
        expect(noCli.stderr).to.contain("Pass --table <name>");
    });

    it("the command sets and reads the flag through the given endpoint", () => {
        const env = { ...process.env, DYNAMODB_ENDPOINT: local.endpoint };
        const args = ["--import", "tsx", path.resolve(__dirname, "../../scripts/region.ts")];
        // spawnSync would block dynalite (same process): run asynchronously.
        return new Promise<void>((resolve, reject) => {
            const { execFile } = require("node:child_process");
            execFile(process.execPath, [...args, "drain", "ap-northeast-2", "--table", TABLE, "--via", "us-east-1", "--reason", "drill"], { env }, async (err: Error | null, stdout: string) => {
                try {
                    if (err) throw err;
                    expect(JSON.parse(stdout.slice(0, stdout.indexOf("\n}") + 2))).to.include({ region: "ap-northeast-2", drained: true, reason: "drill", via: "us-east-1" });
                    expect((await drainStatus(local.db, TABLE, "ap-northeast-2")).drained).to.equal(true);
                    resolve();
                } catch (e) { reject(e); }
            });
        });
    });
});
