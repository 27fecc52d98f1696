import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { COMMITTED_STACKS, failoverBudget, failoverSentence, stackFailoverBudget } from "../bench/failoverBudget";
import { parseConfig } from "../config";

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench/RESULTS.md");

describe("benchmarks", function () {
    this.timeout(300_000);

    it("`npm run bench -- --quick` prints every table and, without --write, leaves bench/RESULTS.md untouched (smoke test: no timing asserted)", async () => {
        const before = fs.readFileSync(RESULTS, "utf8");
        const { stdout } = await promisify(execFile)(path.join(ROOT, "node_modules/.bin/tsx"), ["bench/index.ts", "--quick"], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
        expect(stdout).to.include("### Plan scaling");
        expect(stdout).to.include("### Cold start");
        expect(stdout).to.include("### Handler overhead");
        for (const handler of ["api/items", "health", "approval/api", "approval/notify", "approval/worker"]) expect(stdout).to.match(new RegExp(`\\| ${handler} +\\| `));
        expect(stdout).to.include("### Failover budget");
        expect(stdout).to.include("### Failover seen by a client");
        expect(stdout).to.match(/\| client library \(regional names\) +\| \d+ ms +\|/);
        expect(stdout).to.include("### Cost");
        expect(stdout).to.match(/\| prod +\| one more region \(us-west-2\) +\| \+\$\d+\.\d\d/);
        expect(stdout).to.match(/\| 2 +\| \d+/);
        expect(stdout).to.not.include("Wrote ");
        expect(fs.readFileSync(RESULTS, "utf8")).to.equal(before);
    });

    it("computes the failover budget from the health-check config", () => {
        const b = failoverBudget("x", parseConfig({ regions: ["us-east-1", "eu-west-1"], healthCheck: { intervalSeconds: 10, failureThreshold: 3 } }));
        expect([b.detectionSeconds, b.dnsTtlSeconds, b.worstCaseShiftSeconds]).to.deep.equal([30, 60, 100]);
        expect(failoverSentence(b)).to.equal("x: 10 s x 3 = 30 s to detect, at most 100 s until clients move");
        expect(failoverBudget("x", parseConfig({ regions: ["us-east-1", "us-east-2", "us-west-2"], table: { consistency: "strong" } })).rpo).to.match(/^0 /);
    });

    describe("the failover figures of the committed stacks agree everywhere they are quoted", () => {
        /** File text with whitespace runs collapsed, so a sentence may wrap across lines. */
        const text = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8").replace(/\s+/g, " ");
        for (const file of ["README.md", "docs/runbooks.md", "bench/RESULTS.md"]) {
            it(`${file} quotes bench/failoverBudget.ts's figures for ${COMMITTED_STACKS.join(" and ")}`, () => {
                const doc = text(file);
                for (const stack of COMMITTED_STACKS) {
                    const sentence = failoverSentence(stackFailoverBudget(stack));
                    expect(doc, `${file} should say "${sentence}" (after changing a stack's health check, update the docs and run \`npm run bench -- --write\`)`).to.include(sentence);
                }
                // No other "N s to detect" / "at most N s" figure for a stack than the computed one.
                const quoted = [...doc.matchAll(/\b(dev|prod): \d+ s x \d+ = \d+ s to detect, at most \d+ s until clients move/g)].map(m => m[0]);
                const computed = COMMITTED_STACKS.map(s => failoverSentence(stackFailoverBudget(s)));
                for (const q of quoted) expect(computed, `${file}: "${q}"`).to.include(q);
            });
        }
    });
});
