/**
 * `npm run drill -- --scenario NAME [--stack NAME] [--duration S] [--time-scale F] [--rate N] [--out DIR]`:
 * an outage drill on the local platform (scripts/lib/drill): simulated users in every region while
 * the scenario breaks part of the platform and recovers it; prints the report, writes it as
 * Markdown and JSON, and exits 1 when an invariant broke (writes lost, approvals stranded,
 * outcomes applied twice, replicas disagreeing).
 *
 * `npm run drill -- --scenario NAME --outputs F [--before S] [--after S]`: the same against a
 * deployed stack, the fault caused by the region's FIS experiment template (AWS CLI, standard
 * credentials; the test user and approver from SMOKE_* variables, as the smoke suite).
 */
import { CommandError, CommandSpec, EXIT, InputError, runCommand, UsageError } from "./lib/cli";
import { readOutputsFile } from "../client/node";
import type { DrillResult } from "./lib/drill/run";
import { SCENARIOS } from "./lib/drill/run";
import { deployedUsers } from "./lib/smoke";

const DRILL_COMMAND: CommandSpec = {
    name: "drill",
    usage: [
        "npm run drill -- --scenario NAME [--stack NAME] [--duration S] [--time-scale F] [--rate N] [--seed N] [--out DIR]",
        "npm run drill -- --scenario NAME --outputs FILE [--before S] [--after S] [--rate N] [--seed N] [--out DIR]",
    ],
    summary: "Runs an outage drill on the local platform (or, with --outputs, on a deployed stack through AWS FIS): simulated users in every region (reads, versioned writes, creates, "
        + "publish requests, approvals in two regions) through the client library while the scenario breaks part of the platform "
        + "and recovers it. Reports success rate and p99 per phase, time to the first success, lost writes, conflict copies, "
        + "stranded approvals, outcomes applied twice and the time until replicas agree.",
    options: {
        scenario: { type: "string", value: "NAME", description: `what to break: ${Object.keys(SCENARIOS).join(", ")}` },
        stack: { type: "string", value: "NAME", description: "stack whose config the platform runs (default prod)" },
        duration: { type: "string", value: "S", description: "seconds of traffic: a quarter before the fault, two fifths of fault, the rest after (default 60)" },
        "time-scale": { type: "string", value: "F", description: "multiply Route 53 timings and the approval takeover grace period, in (0, 1] (default 0.01)" },
        rate: { type: "string", value: "N", description: "calls per second per simulated device (default 4; two devices per region)" },
        seed: { type: "string", value: "N", description: "seed of the traffic's choices (default 7)" },
        out: { type: "string", value: "DIR", description: "where the Markdown and JSON reports go (default drill-reports)" },
        outputs: { type: "string", value: "FILE", description: "run against the deployed stack whose outputs these are (pulumi stack output --json > FILE), with its FIS templates" },
        before: { type: "string", value: "S", description: "with --outputs: seconds of traffic before the experiment starts (default 60)" },
        after: { type: "string", value: "S", description: "with --outputs: seconds of traffic after it ends (default 120)" },
    },
    exitCodes: { 0: "every invariant held", 1: "an invariant broke (the report says which)" },
    notes: [
        "Scenarios:",
        ...Object.entries(SCENARIOS).map(([name, s]) => `  ${name}: ${s.summary}`),
        "With --outputs, the fault is the region's FIS experiment (platform:drills.fis; it lasts as the template says, 10 min), started and "
            + "watched with the AWS CLI; sign-in as the smoke suite's (SMOKE_USERNAME, SMOKE_PASSWORD, SMOKE_APPROVER_USERNAME, SMOKE_APPROVER_PASSWORD, "
            + "SMOKE_TOTP_SECRET / SMOKE_APPROVER_TOTP_SECRET). See docs/runbooks.md#outage-drill-on-aws.",
    ],
};

function number(values: Record<string, unknown>, name: string, ok: (n: number) => boolean, what: string): number | undefined {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(String(raw)) || !ok(n)) throw new UsageError(`--${name}: ${what} (got ${String(raw)})`);
    return n;
}

runCommand(DRILL_COMMAND, async ({ values }) => {
    const scenario = values.scenario as string | undefined;
    if (!scenario) throw new UsageError(`--scenario is required (${Object.keys(SCENARIOS).join(", ")})`);
    if (!SCENARIOS[scenario]) throw new UsageError(`--scenario: unknown scenario ${scenario} (${Object.keys(SCENARIOS).join(", ")})`);
    const rate = number(values, "rate", n => n > 0 && n <= 50, "must be calls per second, up to 50");
    const seed = number(values, "seed", Number.isInteger, "must be a whole number");
    const progress = (line: string) => console.error(`drill: ${line}`);
    let result: DrillResult;
    if (values.outputs !== undefined) {
        const local = ["stack", "duration", "time-scale"].filter(k => values[k] !== undefined);
        if (local.length) throw new UsageError(`--${local[0]} is for the local platform; with --outputs the FIS experiment sets the fault's length (use --before and --after)`);
        const before = number(values, "before", n => n >= 10 && n <= 3600, "must be seconds from 10 to 3600");
        const after = number(values, "after", n => n >= 10 && n <= 3600, "must be seconds from 10 to 3600");
        let read, users;
        try {
            read = readOutputsFile(values.outputs as string);
            users = deployedUsers(read.outputs);
        } catch (e) {
            throw new InputError((e as Error).message);
        }
        const { outputs, endpoints } = read;
        const { runDrillOnAws, awsCliFis } = await import("./lib/drill/aws");
        result = await runDrillOnAws({
            scenario, endpoints, regions: outputs.regions, templateIds: (outputs as { drillTemplateIds?: Record<string, Record<string, string>> }).drillTemplateIds ?? {},
            ...users, fis: awsCliFis(), beforeMs: before === undefined ? undefined : before * 1000, afterMs: after === undefined ? undefined : after * 1000,
            ratePerSecond: rate, seed, progress,
        });
    } else {
        const aws = ["before", "after"].filter(k => values[k] !== undefined);
        if (aws.length) throw new UsageError(`--${aws[0]} is for a deployed stack (--outputs FILE)`);
        const duration = number(values, "duration", n => n >= 4 && n <= 3600, "must be seconds from 4 to 3600");
        const timeScale = number(values, "time-scale", n => n > 0 && n <= 1, "must be a number in (0, 1]");
        // Loaded after the command line is parsed, so --help and usage errors answer at once.
        const { runDrill } = await import("./lib/drill/local");
        result = await runDrill({
            scenario, stack: values.stack as string | undefined, durationMs: duration === undefined ? undefined : duration * 1000,
            timeScale, ratePerSecond: rate, seed, progress,
        });
    }
    const { renderMarkdown, writeReport } = await import("./lib/drill/report");
    const files = writeReport(result, (values.out as string | undefined) ?? "drill-reports");
    console.log(renderMarkdown(result));
    console.error(`drill: report written to ${files.markdown} and ${files.json}`);
    if (result.broken.length) throw new CommandError(result.broken.join("; "));
    return EXIT.ok;
});
