/**
 * Every script's command line, run as a child process: `--help` exits 0, an unknown flag and a
 * malformed YAML file exit 2 with exactly one line on stderr and nothing on stdout. The other
 * error paths of scripts/lib/cli.ts are tested in-process (tests/logic/cli.spec.ts).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

interface Result { readonly code: number; readonly stdout: string; readonly stderr: string }

async function run(script: string, args: string[]): Promise<Result> {
    try {
        const { stdout, stderr } = await promisify(execFile)(TSX, [script, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", DEBUG: "" } });
        return { code: 0, stdout, stderr };
    } catch (e: any) {
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
}

/** Exit 2, nothing on stdout, exactly `line` on stderr. */
function expectOneLine(result: Result, line: string): void {
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).to.deep.equal({ code: 2, stdout: "", stderr: `${line}\n` });
}

/** Runs `jobs` with at most `limit` child processes at a time. */
async function pooled<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(Array.from({ length: limit }, async () => {
        while (next < jobs.length) {
            const i = next++;
            results[i] = await jobs[i]();
        }
    }));
    return results;
}

const SCRIPTS = [
    { name: "plan", file: "scripts/plan.ts", usage: "usage: npm run plan -- (--stack NAME | --config-file PATH) [--json FILE]" },
    { name: "region", file: "scripts/region.ts", usage: "usage: npm run region -- drain|undrain|status <region> (--stack NAME | --table NAME | --ready-file PATH) [--via REGION] [--reason TEXT]" },
    { name: "bench", file: "bench/index.ts", usage: "usage: npm run bench -- [--quick] [--write | --out FILE]" },
    { name: "deploy-policy", file: "scripts/deployPolicy.ts", usage: "usage: npm run deploy-policy -- --account ID --repo OWNER/NAME [--stack NAME ...] [--environment NAME ...] [--branch NAME ...] [--out DIR]" },
];

describe("command lines of the scripts (child processes)", function () {
    this.timeout(120_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cli-"));
    const bad = path.join(tmp, "Pulumi.broken.yaml");
    fs.writeFileSync(bad, "config:\n  platform:regions: [us-east-1, eu-west-1\n  platform:environment: dev\n");
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    // Every invocation once, a few at a time (each is a fresh tsx process), then the assertions.
    const invocations: Record<string, [string, string[]]> = {
        ...Object.fromEntries(SCRIPTS.flatMap(s => [
            [`${s.name} --help`, [s.file, ["--help"]]],
            [`${s.name} --quik`, [s.file, ["--quik"]]],
        ])),
        "plan bad yaml": ["scripts/plan.ts", ["--config-file", bad]],
        "region misspelt": ["scripts/region.ts", ["drain", "eu-wset-1", "--table", "t"]],
    };
    const results: Record<string, Result> = {};
    before(async () => {
        const keys = Object.keys(invocations);
        const out = await pooled(keys.map(k => () => run(...invocations[k])), 3);
        keys.forEach((k, i) => { results[k] = out[i]; });
    });

    for (const s of SCRIPTS) {
        describe(`npm run ${s.name}`, () => {
            it("--help prints the usage, every option and the exit codes, and exits 0", () => {
                const result = results[`${s.name} --help`];
                expect(result.code).to.equal(0);
                expect(result.stderr).to.equal("");
                expect(result.stdout.split("\n")[0]).to.equal(s.usage);
                expect(result.stdout).to.include("  -h, --help");
                expect(result.stdout).to.include("Exit codes:\n  0  ");
                expect(result.stdout).to.include("\n  2  bad input");
            });

            it("an unknown flag exits 2 with one line and a hint", () => {
                expectOneLine(results[`${s.name} --quik`], `${s.name}: unknown option --quik${s.name === "bench" ? " (did you mean --quick?)" : ""} (--help for usage)`);
            });
        });
    }

    it("plan: a malformed YAML stack file exits 2 with one line naming the file, line and column", () => {
        expectOneLine(results["plan bad yaml"], `plan: ${bad}:3:3: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`);
    });

    it("region: a misspelt region exits 2 with one line and a hint", () => {
        expectOneLine(results["region misspelt"], "region: region \"eu-wset-1\" is not an AWS region (did you mean eu-west-1?) (--help for usage)");
    });
});
