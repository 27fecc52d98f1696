/**
 * Failover budget, computed from each stack's config: how long until Route 53 stops sending
 * traffic to a failed region, and how much data a regional failure can lose (RPO).
 *
 * The one computation behind every failover figure: the README, docs/runbooks.md and
 * bench/RESULTS.md quote {@link failoverSentence} for the committed stacks, and
 * tests/bench.spec.ts fails when one of them disagrees with it.
 */
import * as path from "node:path";
import { decodePulumiConfig, parseConfig, PlatformConfig } from "../config";
import { readStackConfig } from "../scripts/lib/stackConfig";
import { markdownTable } from "./lib/table";

const ROOT = path.resolve(__dirname, "..");

/**
 * TTL resolvers apply to alias answers that point at API Gateway regional domain names. An alias
 * record has no TTL of its own: Route 53 answers with the target's. AWS documents 60 s for ELB and
 * S3 website targets (Route 53 FAQ) but no figure for API Gateway, so 60 s is an assumption here,
 * not a promise: check a deployed stack with `dig +noall +answer <apiDomain>`.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html
 */
export const ALIAS_TTL_SECONDS = 60;

/** The figures of one stack. */
export interface FailoverBudget {
    readonly stack: string;
    readonly intervalSeconds: number;
    readonly failureThreshold: number;
    /** interval x threshold: consecutive failed checks before Route 53 calls the region unhealthy. */
    readonly detectionSeconds: number;
    readonly dnsTtlSeconds: number;
    /** Detection + one interval of skew between checkers + TTL: when the last client has moved. */
    readonly worstCaseShiftSeconds: number;
    readonly consistency: PlatformConfig["table"]["consistency"];
    readonly rpo: string;
}

/** Computes the budget for a validated config. */
export function failoverBudget(stack: string, c: PlatformConfig): FailoverBudget {
    const detection = c.healthCheck.intervalSeconds * c.healthCheck.failureThreshold;
    return {
        stack,
        intervalSeconds: c.healthCheck.intervalSeconds,
        failureThreshold: c.healthCheck.failureThreshold,
        detectionSeconds: detection,
        dnsTtlSeconds: ALIAS_TTL_SECONDS,
        worstCaseShiftSeconds: detection + c.healthCheck.intervalSeconds + ALIAS_TTL_SECONDS,
        consistency: c.table.consistency,
        rpo: c.table.consistency === "strong"
            ? "0 (a write is acknowledged only once stored in a second region)"
            : "writes not yet replicated when the region fails: typically under 1 s of writes (watch ReplicationLatency)",
    };
}

/** The committed stacks whose figures the docs quote. */
export const COMMITTED_STACKS = ["dev", "prod"] as const;

/** The budget of a committed stack (`Pulumi.<stack>.yaml`). */
export function stackFailoverBudget(stack: string): FailoverBudget {
    const { config } = readStackConfig(path.join(ROOT, `Pulumi.${stack}.yaml`));
    return failoverBudget(stack, parseConfig(decodePulumiConfig(config)));
}

/**
 * How the docs state a stack's figures, word for word, e.g.
 * "prod: 10 s x 3 = 30 s to detect, at most 100 s until clients move".
 */
export function failoverSentence(b: FailoverBudget): string {
    return `${b.stack}: ${b.intervalSeconds} s x ${b.failureThreshold} = ${b.detectionSeconds} s to detect, at most ${b.worstCaseShiftSeconds} s until clients move`;
}

/** Runs for the committed stacks; returns the Markdown section. */
export function failoverBudgets(stacks: readonly string[] = COMMITTED_STACKS): string {
    const budgets = stacks.map(stackFailoverBudget);
    const rows = budgets.map(b => [b.stack, `${b.intervalSeconds} s x ${b.failureThreshold}`, b.detectionSeconds, b.dnsTtlSeconds, b.worstCaseShiftSeconds, b.consistency, b.rpo]);
    return [
        "### Failover budget (computed from each stack's config)",
        "",
        markdownTable(["stack", "health check", "detect s", "DNS TTL s", "worst-case shift s", "table", "RPO"], rows),
        "",
        "Worst-case shift = detection (interval x threshold) + one interval (health checkers are out of phase) + the alias record's 60 s TTL:",
        "",
        ...budgets.map(b => `- ${failoverSentence(b)}`),
        "",
        "Sources:",
        "- Detection = request interval x failure threshold: Route 53 marks an endpoint unhealthy after that many consecutive failed checks, and considers it healthy while more than 18% of its checkers say so: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html",
        "- One extra interval covers checkers that are out of phase with each other (same page).",
        "- DNS TTL: alias records take the TTL of the AWS target (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html); 60 s is assumed for API Gateway regional domain names (AWS documents 60 s for ELB and S3 targets, no figure for API Gateway; check with dig).",
        "- RPO, eventual mode: global tables replicate asynchronously, typically within a second: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html ; strong mode (MRSC) has a zero RPO: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/multi-region-strong-consistency-gt.html",
    ].join("\n");
}
