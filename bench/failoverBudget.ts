/**
 * Failover budget, computed from each stack's config: how long until Route 53 stops sending
 * traffic to a failed region, and how much data a regional failure can lose (RPO).
 */
import * as path from "node:path";
import { decodePulumiConfig, parseConfig, PlatformConfig } from "../config";
import { readStackConfig } from "../scripts/lib/stackConfig";
import { markdownTable } from "./lib/table";

const ROOT = path.resolve(__dirname, "..");

/** TTL resolvers apply to alias answers that point at API Gateway regional domain names. */
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

/** Runs for the committed stacks; returns the Markdown section. */
export function failoverBudgets(stacks = ["dev", "prod"]): string {
    const rows = stacks.map(stack => {
        const { config } = readStackConfig(path.join(ROOT, `Pulumi.${stack}.yaml`));
        const b = failoverBudget(stack, parseConfig(decodePulumiConfig(config)));
        return [b.stack, `${b.intervalSeconds} s x ${b.failureThreshold}`, b.detectionSeconds, b.dnsTtlSeconds, b.worstCaseShiftSeconds, b.consistency, b.rpo];
    });
    return [
        "### Failover budget (computed from each stack's config)",
        "",
        markdownTable(["stack", "health check", "detect s", "DNS TTL s", "worst-case shift s", "table", "RPO"], rows),
        "",
        "Sources:",
        "- Detection = request interval x failure threshold: Route 53 marks an endpoint unhealthy after that many consecutive failed checks, and considers it healthy while more than 18% of its checkers say so: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html",
        "- One extra interval covers checkers that are out of phase with each other (same page).",
        "- DNS TTL: alias records take the TTL of the AWS target; API Gateway regional domain names answer with 60 s: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html",
        "- RPO, eventual mode: global tables replicate asynchronously, typically within a second: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html ; strong mode (MRSC) has a zero RPO: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/multi-region-strong-consistency-gt.html",
    ].join("\n");
}
