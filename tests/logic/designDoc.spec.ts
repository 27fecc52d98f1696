/** docs/design.md is the design rationale the code cites: every cited decision exists, and nothing cites the old DESIGN.md. */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "../..");

/** Tracked source and documentation files (no node_modules, no build output). */
function sources(dir = ROOT): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
        if (e.name === "node_modules" || e.name.startsWith(".") && e.name !== ".github") return [];
        const full = path.join(dir, e.name);
        return e.isDirectory() ? sources(full) : /\.(ts|md|ya?ml)$/.test(e.name) ? [full] : [];
    });
}

describe("docs/design.md", () => {
    const design = fs.readFileSync(path.join(ROOT, "docs/design.md"), "utf8");
    const decisions = new Set([...design.matchAll(/^## Decision (\d+): /gm)].map(m => Number(m[1])));
    const files = sources();

    it("numbers its decisions 1..N without gaps", () => {
        expect([...decisions]).to.deep.equal(Array.from({ length: decisions.size }, (_, i) => i + 1));
    });

    it("has every decision the code and docs cite", () => {
        const cited: string[] = [];
        for (const file of files) {
            const text = fs.readFileSync(file, "utf8");
            for (const m of text.matchAll(/docs\/design\.md\)?,? \(?decisions? ([0-9, and]+)/g)) {
                for (const n of m[1].match(/\d+/g) ?? []) cited.push(`${path.relative(ROOT, file)}: decision ${n}`);
            }
        }
        expect(cited.length).to.be.greaterThan(10);
        const missing = cited.filter(c => !decisions.has(Number(c.split("decision ")[1])));
        expect(missing).to.deep.equal([]);
    });

    it("is the only design document: nothing cites DESIGN.md", () => {
        const stale = files.filter(f => /DESIGN\.md/.test(fs.readFileSync(f, "utf8")) && !f.endsWith("designDoc.spec.ts")).map(f => path.relative(ROOT, f));
        expect(stale).to.deep.equal([]);
    });

    it("gives a source for the AWS facts it states", () => {
        expect((design.match(/https:\/\/docs\.aws\.amazon\.com\//g) ?? []).length).to.be.at.least(20);
    });
});
