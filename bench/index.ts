/**
 * `npm run bench [-- --quick] [--write]`: every benchmark in one run, printed as tables with ratios
 * against baselines measured in the same run. `--write` also writes bench/RESULTS.md (`--out FILE`
 * writes elsewhere), so a plain run leaves the working tree clean. Benchmarks are not tests:
 * nothing here fails on a number; the summary says which targets were met.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CommandSpec, runCommand } from "../scripts/lib/cli";

/** Where `--write` puts the results. */
const RESULTS_FILE = path.join(__dirname, "RESULTS.md");

/** The command line of `npm run bench`. */
const BENCH_COMMAND: CommandSpec = {
    name: "bench",
    usage: "npm run bench -- [--quick] [--write | --out FILE]",
    summary: "Runs every benchmark (cold start, handler overhead, local platform start-up, plan scaling, failover budget, cost) and prints the tables.",
    options: {
        quick: { type: "boolean", description: "fewer repetitions and sizes (a smoke run; numbers are noisier)" },
        write: { type: "boolean", description: `also write the results to ${path.relative(process.cwd(), RESULTS_FILE) || "bench/RESULTS.md"}` },
        out: { type: "string", value: "FILE", description: "also write the results to FILE" },
    },
    notes: ["Without --write or --out nothing is written: running the benchmarks does not change the working tree."],
};

runCommand(BENCH_COMMAND, async ({ values }) => {
    const quick = values.quick === true;
    // Loaded after the command line is parsed, so --help and usage errors answer at once.
    const [{ failoverBudgets }, { planScaling }, { costSection }] = await Promise.all([import("./failoverBudget"), import("./planScaling"), import("./cost")]);
    const out = (values.out as string | undefined) ?? (values.write ? RESULTS_FILE : undefined);
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

    console.log(targets.map(t => `target: ${t}`).join("\n"));
    if (!out) return;
    const header = [
        "# Benchmark results",
        "",
        `Measured by \`npm run bench -- ${quick ? "--quick " : ""}--write\` on ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
        "",
        "Targets:",
        ...targets.map(t => `- ${t}`),
        "",
    ].join("\n");
    fs.writeFileSync(out, `${header}\n${sections.join("\n\n")}\n`);
    console.log(`\nWrote ${path.relative(process.cwd(), out)}`);
});

/** Benchmarks that need the Lambda handlers (cold start, handler overhead), when present. */
async function optionalSections(quick: boolean): Promise<{ markdown: string; targets: string[] }[]> {
    const out: { markdown: string; targets: string[] }[] = [];
    for (const mod of ["./coldStart", "./handlerOverhead", "./localPlatform", "./homeWrites", "./failover"]) {
        const file = path.join(__dirname, `${mod}.ts`);
        if (!fs.existsSync(file)) continue;
        const run: (quick: boolean) => Promise<{ markdown: string; targets: string[] }> = require(mod).run;
        out.push(await run(quick));
    }
    return out;
}

