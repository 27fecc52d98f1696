/**
 * The Node.js versions the project states agree with what its dependencies declare, what the
 * workflows run, what the bundles target and what Lambda runs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as semver from "semver";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const supported: string = pkg.engines.node;
const minimum = semver.minVersion(supported)!;

describe("Node.js version: one statement, true everywhere", () => {
    it("engines names the supported range", () => {
        expect(supported).to.equal(">=22.17");
    });

    it("every direct dependency that declares engines accepts the lowest supported Node", () => {
        const refusing: string[] = [];
        for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
            const dep = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8"));
            const range = dep.engines?.node;
            if (range && !semver.satisfies(minimum, range)) refusing.push(`${name}@${dep.version} needs ${range}`);
        }
        expect(refusing).to.deep.equal([]);
    });

    it("the README states the same versions", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        expect(readme).to.include("On a fresh machine with Node.js 22 (22.17 or later) or 24");
        expect(readme).to.include(`Supported: Node.js 22 and 24 (\`engines\` in package.json: \`${supported}\`)`);
    });

    it("the GitHub workflows run a supported Node", () => {
        for (const file of ["preview.yml", "deploy.yml"]) {
            const workflow = parse(fs.readFileSync(path.join(ROOT, ".github/workflows", file), "utf8"));
            for (const job of Object.values<any>(workflow.jobs)) {
                for (const step of job.steps ?? []) {
                    if (!String(step.uses ?? "").startsWith("actions/setup-node")) continue;
                    expect(semver.satisfies(semver.coerce(String(step.with["node-version"]))!, supported), `${file}: node-version ${step.with["node-version"]}`).to.equal(true);
                }
            }
        }
    });

    it("bundles target the lowest supported Node, and Lambda runs a supported one", () => {
        const bundle = fs.readFileSync(path.join(ROOT, "components/logic/handlerCode.ts"), "utf8");
        expect(bundle).to.include(`target: "node${minimum.major}"`);
        const fn = fs.readFileSync(path.join(ROOT, "components/handlerFunction.ts"), "utf8");
        const runtime = /Runtime\.NodeJS(\d+)dX/.exec(fn);
        expect(runtime, "handlerFunction.ts sets a NodeJS<N>dX runtime").to.not.equal(null);
        expect(semver.satisfies(`${runtime![1]}.0.0`, supported)).to.equal(true);
    });
});
