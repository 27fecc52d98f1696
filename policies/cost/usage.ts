/**
 * Usage assumptions of the cost model: the checked-in defaults (usage.yml) and a user's file laid
 * over them, validated with one error listing every problem and its key, like the stack config.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";

/** Where the checked-in defaults live. */
export const DEFAULT_USAGE_FILE = path.join(__dirname, "usage.yml");

const positive = z.number({ error: "must be a number" }).positive({ error: "must be above 0" });
const nonNegative = z.number({ error: "must be a number" }).min(0, { error: "must be 0 or more" });
const fraction = z.number({ error: "must be a number" }).min(0, { error: "must be from 0 to 1" }).max(1, { error: "must be from 0 to 1" });
const share = z.record(z.string(), fraction);
const fn = z.strictObject({ request_duration_ms: positive });

const usageSchema = z.strictObject({
    version: z.literal(0.1, { error: "must be 0.1" }),
    requests: z.strictObject({
        monthly_requests: nonNegative,
        reads_per_write: nonNegative,
        read_mix: share,
        write_mix: share,
        region_share: share,
        item_size_kb: positive,
        response_header_bytes: nonNegative,
    }),
    approvals: z.strictObject({
        monthly_approvals: nonNegative,
        status_checks_per_approval: nonNegative,
        outcome: z.enum(["approve", "reject"], { error: "must be approve or reject" }),
    }),
    data: z.strictObject({ stored_gb: nonNegative }),
    users: z.strictObject({ monthly_active_users: nonNegative }),
    functions: z.record(z.string(), fn),
    lambda: z.strictObject({ cold_start_fraction: fraction, init_duration_ms: nonNegative }),
    xray: z.strictObject({ reservoir_per_second: nonNegative, sampled_fraction: fraction }),
    route53_health_check: z.strictObject({
        endpoint_type: z.enum(["aws", "non_aws"], { error: "must be aws or non_aws" }),
        requests_per_interval: positive,
    }),
    console: z.strictObject({
        page_loads_per_user: nonNegative,
        requests_per_load: nonNegative,
        kb_per_load: nonNegative,
        log_bytes_per_request: nonNegative,
        site_mb: nonNegative,
    }),
});

/** Validated usage assumptions (key names as in usage.yml). */
export type Usage = z.infer<typeof usageSchema>;

/** Thrown for an invalid usage file; `problems` holds one line per problem, each starting with its key. */
export class UsageError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(`Invalid usage assumptions (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map(p => `  - ${p}`).join("\n")}`);
        this.name = "UsageError";
    }
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `over` laid onto `base`: objects merge key by key, anything else replaces. Mixes replace whole (a partial mix would not sum to 1). */
export function mergeUsage(base: unknown, over: unknown, keyPath = ""): unknown {
    if (!isObject(base) || !isObject(over) || /(^|\.)(read_mix|write_mix|region_share)$/.test(keyPath)) return over === undefined ? base : over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeUsage(base[k], v, keyPath ? `${keyPath}.${k}` : k);
    return out;
}

/** Validates raw usage (already merged over the defaults); throws one {@link UsageError} listing every problem. */
export function parseUsage(raw: unknown): Usage {
    const problems: string[] = [];
    const parsed = usageSchema.safeParse(raw);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            const key = issue.path.map(String).join(".") || "(file)";
            if (issue.code === "unrecognized_keys") for (const k of issue.keys) problems.push(`${key === "(file)" ? k : `${key}.${k}`}: unknown key`);
            else problems.push(`${key}: ${issue.message}`);
        }
    }
    if (parsed.success) {
        const u = parsed.data;
        for (const mix of ["read_mix", "write_mix"] as const) {
            const sum = Object.values(u.requests[mix]).reduce((a, b) => a + b, 0);
            if (Math.abs(sum - 1) > 1e-9) problems.push(`requests.${mix}: shares sum to ${sum}, not 1`);
        }
        const shares = Object.values(u.requests.region_share);
        if (shares.length > 0 && Math.abs(shares.reduce((a, b) => a + b, 0) - 1) > 1e-9) problems.push("requests.region_share: shares sum to other than 1");
        const approvalRequests = u.approvals.monthly_approvals * approvalRequestsPerApproval(u);
        if (approvalRequests > u.requests.monthly_requests) {
            problems.push(`approvals.monthly_approvals: ${u.approvals.monthly_approvals} approvals make ${approvalRequests} API requests, more than requests.monthly_requests (${u.requests.monthly_requests})`);
        }
    }
    if (problems.length > 0) throw new UsageError(problems);
    return parsed.data!;
}

/** API requests one approval makes: publish, status checks, one approver listing, one decision. */
export function approvalRequestsPerApproval(u: Pick<Usage, "approvals">): number {
    return 3 + u.approvals.status_checks_per_approval;
}

/** The checked-in defaults, optionally overlaid with a user's usage file (YAML text). */
export function loadUsage(overrideYaml?: string): Usage {
    const base = parse(fs.readFileSync(DEFAULT_USAGE_FILE, "utf8"));
    if (overrideYaml === undefined) return parseUsage(base);
    let over: unknown;
    try {
        over = parse(overrideYaml);
    } catch (e) {
        throw new UsageError([`(file): not valid YAML: ${(e as Error).message.split("\n")[0]}`]);
    }
    if (over !== null && over !== undefined && !isObject(over)) throw new UsageError(["(file): must be a YAML mapping"]);
    return parseUsage(mergeUsage(base, over ?? {}));
}
