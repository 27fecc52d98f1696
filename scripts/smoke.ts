/**
 * `npm run smoke -- (--ready-file F | --outputs F | --stack S) [--replication-deadline-seconds N] [--json FILE]`:
 * the post-deploy smoke suite (scripts/lib/smoke.ts) against the local platform or a deployed stack.
 *
 * Credentials: with `--ready-file`, the platform's seeded users (the first without groups, the
 * first approver). Otherwise environment variables: SMOKE_USERNAME, SMOKE_PASSWORD,
 * SMOKE_APPROVER_USERNAME, SMOKE_APPROVER_PASSWORD, and SMOKE_TOTP_SECRET /
 * SMOKE_APPROVER_TOTP_SECRET when the pool requires MFA (prod); sign-in is SRP, as the platform's
 * app client allows.
 *
 * Exit codes: 0 every check passed, 1 a check failed (each failure named by region and step),
 * 2 bad options or credentials missing.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { passwordTokenProvider } from "../client";
import { readOutputsFile, readReadyFile, stackOutputs } from "../client/node";
import { deployedUsers, renderSmoke, runSmoke, SmokeTarget } from "./lib/smoke";

const USAGE = "usage: npm run smoke -- (--ready-file F | --outputs F | --stack S) [--replication-deadline-seconds N] [--json FILE]";

class UsageError extends Error {}

function target(values: Record<string, string | undefined>): SmokeTarget {
    const deadline = values["replication-deadline-seconds"];
    if (deadline !== undefined && !/^[1-9][0-9]{0,3}$/.test(deadline)) throw new UsageError("--replication-deadline-seconds must be a whole number of seconds from 1 to 9999");
    const replicationDeadlineMs = deadline ? Number(deadline) * 1000 : undefined;
    const sources = ["ready-file", "outputs", "stack"].filter(k => values[k] !== undefined);
    if (sources.length !== 1) throw new UsageError(USAGE);
    if (values["ready-file"]) {
        const { ready, endpoints } = readReadyFile(values["ready-file"]);
        const pool = { endpoint: ready.cognito.endpoint, clientId: ready.cognito.clientId };
        const user = ready.users.find(u => u.groups.length === 0);
        const approver = ready.users.find(u => u.groups.includes("approvers"));
        if (!user || !approver) throw new UsageError("The ready file has no user without groups and no approver");
        return {
            endpoints, replicationDeadlineMs, approvalDeadlineMs: 15_000,
            user: passwordTokenProvider(pool, user.username, user.password),
            approver: passwordTokenProvider(pool, approver.username, approver.password),
        };
    }
    const { outputs, endpoints } = values.outputs ? readOutputsFile(values.outputs) : stackOutputs(values.stack!);
    return { endpoints, replicationDeadlineMs, ...deployedUsers(outputs) };
}

async function main(argv: string[]): Promise<number> {
    let values: Record<string, string | undefined>;
    try {
        ({ values } = parseArgs({ args: argv, options: { "ready-file": { type: "string" }, outputs: { type: "string" }, stack: { type: "string" }, "replication-deadline-seconds": { type: "string" }, json: { type: "string" } } }));
    } catch (e) {
        console.error(`${(e as Error).message}\n${USAGE}`);
        return 2;
    }
    let t: SmokeTarget;
    try {
        t = target(values);
    } catch (e) {
        console.error((e as Error).message);
        return 2;
    }
    const report = await runSmoke(t);
    console.log(renderSmoke(report));
    if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(code => process.exit(code), e => { console.error(e instanceof Error ? e.message : e); process.exit(2); });
