import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../..");

describe("runbooks", () => {
    it("has a section for every runbook link in the components' alarm descriptions", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs/runbooks.md"), "utf8");
        const headings = new Set([...doc.matchAll(/^## ([a-z0-9-]+)$/gm)].map(m => m[1]));
        const sources = fs.readdirSync(path.join(ROOT, "components")).filter(f => f.endsWith(".ts"))
            .map(f => fs.readFileSync(path.join(ROOT, "components", f), "utf8")).join("\n");
        const links = [...new Set([...sources.matchAll(/docs\/runbooks\.md#([a-z0-9-]+)/g)].map(m => m[1]))];
        expect(links.length).to.be.greaterThan(0);
        for (const link of links) expect(headings.has(link), `docs/runbooks.md is missing "## ${link}"`).to.equal(true);
    });
});
