/**
 * `npm run bench [-- --quick]`: every benchmark in one run, printed as tables with ratios against
 * baselines measured in the same run, and written to bench/RESULTS.md. Benchmarks are not tests:
 * nothing here fails on a number; the summary says which targets were met.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { costSection } from "./cost";
import { failoverBudgets } from "./failoverBudget";
import { planScaling } from "./planScaling";

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { quick: { type: "boolean" }, out: { type: "string" } } });
    const quick = values.quick ?? false;
    const out = values.out ?? path.join(__dirname, "RESULTS.md");
    const sections: string[] = [];
    const targets: string[] = [];
    const log = (s: string) => { console.log(s + "\n"); sections.push(s); };

    for (const extra of await optionalSections(quick)) {
        log(extra.markdown);
        targets.push(...extra.targets);
    }

    const scaling = planScaling(quick ? 1 : 3, quick ? [2, 3] : [2, 3, 5, 8]);
    log(scaling.markdown);
    targets.push(`plan: resources per region constant ${scaling.linear ? "MET" : "MISSED"}`, `plan: 3-region plan < 15 s ${scaling.prodUnder15s ? "MET" : "MISSED"}`);

    log(failoverBudgets());

    log(await costSection());

    const header = [
        "# Benchmark results",
        "",
        `Measured by \`npm run bench${quick ? " -- --quick" : ""}\` on ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
        "",
        "Targets:",
        ...targets.map(t => `- ${t}`),
        "",
    ].join("\n");
    fs.writeFileSync(out, `${header}\n${sections.join("\n\n")}\n`);
    console.log(targets.map(t => `target: ${t}`).join("\n"));
    console.log(`\nWrote ${path.relative(process.cwd(), out)}`);
}

/** Benchmarks that need the Lambda handlers (cold start, handler overhead), when present. */
async function optionalSections(quick: boolean): Promise<{ markdown: string; targets: string[] }[]> {
    const out: { markdown: string; targets: string[] }[] = [];
    for (const mod of ["./coldStart", "./handlerOverhead", "./localPlatform", "./failover"]) {
        const file = path.join(__dirname, `${mod}.ts`);
        if (!fs.existsSync(file)) continue;
        const run: (quick: boolean) => Promise<{ markdown: string; targets: string[] }> = require(mod).run;
        out.push(await run(quick));
    }
    return out;
}

main().catch(e => { console.error(e); process.exit(1); });
