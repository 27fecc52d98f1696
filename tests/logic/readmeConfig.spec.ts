import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { CONFIG_KEYS, configKeyPaths } from "../../config";

const ROOT = path.resolve(__dirname, "../..");

describe("README config reference and Pulumi.yaml agree with config.ts", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Config reference"), readme.indexOf("\n## ", readme.indexOf("## Config reference") + 5));
    const documented = [...section.matchAll(/^\| `(platform:[A-Za-z0-9.]+)` \|/gm)].map(m => m[1]);

    it("documents every key of the schema, once", () => {
        expect([...documented].sort()).to.deep.equal([...configKeyPaths()].sort());
    });

    it("declares only schema keys in Pulumi.yaml, each with a type Pulumi's project schema accepts", () => {
        const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
        expect(project.name).to.equal("platform");
        for (const [key, decl] of Object.entries<any>(project.config)) {
            expect(CONFIG_KEYS as readonly string[], key).to.include(key);
            expect(["string", "integer", "boolean", "array"], key).to.include(decl.type);
            if (decl.type === "array") expect(decl.items?.type, key).to.be.a("string");
        }
    });

    it("uses only documented keys in the committed stack files", () => {
        for (const stack of ["dev", "prod"]) {
            const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8"));
            for (const [key, value] of Object.entries<any>(doc.config)) {
                if (!key.startsWith("platform:")) continue;
                const name = key.slice("platform:".length);
                expect(CONFIG_KEYS as readonly string[], `${stack}: ${key}`).to.include(name);
                if (value && typeof value === "object" && !Array.isArray(value) && name !== "tags") {
                    for (const field of Object.keys(value)) expect(documented, `${stack}: ${key}.${field}`).to.include(`${key}.${field}`);
                }
            }
        }
    });
});

describe("README policies table", () => {
    it("lists every rule of the pack with its level", () => {
        const readme = require("node:fs").readFileSync(require("node:path").resolve(__dirname, "../../README.md"), "utf8");
        const { policies } = require("../../policies/rules");
        for (const p of policies) expect(readme, p.name).to.contain(`| \`${p.name}\` | ${p.enforcementLevel} |`);
    });
});
