/**
 * `npm run openapi [-- --check]`: regenerates the API contract's files from the route list and the
 * schemas (scripts/lib/openapi.ts): docs/openapi.json, client/openapi.ts (the client's types) and
 * the README's API reference. `--check` changes nothing and exits 1 when any of them is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { buildOpenApi, clientTypesText, openApiText, renderReference, withReference } from "./lib/openapi";

const ROOT = path.resolve(__dirname, "..");

/** Each generated file and what it should hold now. */
export async function generatedFiles(): Promise<Array<{ file: string; text: string }>> {
    const doc = buildOpenApi();
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    return [
        { file: "docs/openapi.json", text: openApiText(doc) },
        { file: "client/openapi.ts", text: await clientTypesText(doc) },
        { file: "README.md", text: withReference(readme, renderReference(doc)) },
    ];
}

async function main(): Promise<number> {
    const { values } = parseArgs({ options: { check: { type: "boolean" } } });
    const stale: string[] = [];
    for (const { file, text } of await generatedFiles()) {
        const full = path.join(ROOT, file);
        const current = fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined;
        if (current === text) continue;
        stale.push(file);
        if (!values.check) fs.writeFileSync(full, text);
    }
    if (values.check) {
        if (stale.length) console.error(`Stale: ${stale.join(", ")}. Run npm run openapi.`);
        return stale.length ? 1 : 0;
    }
    console.log(stale.length ? `Wrote ${stale.join(", ")}` : "Up to date");
    return 0;
}

if (require.main === module) main().then(code => process.exit(code), e => { console.error(e instanceof Error ? e.message : e); process.exit(2); });
