import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { failoverBudget } from "../bench/failoverBudget";
import { parseConfig } from "../config";

const ROOT = path.resolve(__dirname, "..");

describe("benchmarks", function () {
    this.timeout(300_000);

    it("`npm run bench -- --quick` runs and writes every table (smoke test: no timing asserted)", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "RESULTS.md");
        await promisify(execFile)(path.join(ROOT, "node_modules/.bin/tsx"), ["bench/index.ts", "--quick", "--out", out], { cwd: ROOT });
        const md = fs.readFileSync(out, "utf8");
        expect(md).to.include("### Plan scaling");
        expect(md).to.include("### Cold start");
        expect(md).to.include("### Handler overhead");
        for (const handler of ["api/items", "health", "approval/api", "approval/notify", "approval/worker"]) expect(md).to.match(new RegExp(`\\| ${handler} +\\| `));
        expect(md).to.include("### Failover budget");
        expect(md).to.include("### Failover seen by a client");
        expect(md).to.match(/\| client library \(regional names\) +\| \d+ ms +\|/);
        expect(md).to.include("### Cost");
        expect(md).to.match(/\| prod +\| one more region \(us-west-2\) +\| \+\$\d+\.\d\d/);
        expect(md).to.match(/\| 2 +\| \d+/);
    });

    it("computes the failover budget from the health-check config", () => {
        const b = failoverBudget("x", parseConfig({ regions: ["us-east-1", "eu-west-1"], healthCheck: { intervalSeconds: 10, failureThreshold: 3 } }));
        expect([b.detectionSeconds, b.dnsTtlSeconds, b.worstCaseShiftSeconds]).to.deep.equal([30, 60, 100]);
        expect(failoverBudget("x", parseConfig({ regions: ["us-east-1", "us-east-2", "us-west-2"], table: { consistency: "strong" } })).rpo).to.match(/^0 /);
    });
});
