/**
 * The platform's WAF web ACLs, written once: the regional one on every API stage and the
 * CLOUDFRONT one on the web console share their rules (a per-IP rate limit, then AWS's free managed
 * rule groups). Pure: the components pass the result to `aws.wafv2.WebAcl`.
 */

/** AWS managed rule groups without a subscription fee (the cost model refuses the paid ones). */
export const MANAGED_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"] as const;

/** CloudWatch metrics and sampled requests for a rule or the ACL. */
export const visibility = (metric: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metric });

/** Name, scope, default allow, visibility and rules of a web ACL called `name` limiting each client IP to `rateLimit` requests per 5 minutes. */
export function webAclConfig(name: string, scope: "REGIONAL" | "CLOUDFRONT", rateLimit: number) {
    return {
        name,
        scope,
        defaultAction: { allow: {} },
        visibilityConfig: visibility(name),
        rules: [
            { name: "rate-per-ip", priority: 0, action: { block: {} }, statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: "IP" } }, visibilityConfig: visibility("rate-per-ip") },
            ...MANAGED_RULE_GROUPS.map((rule, i) => ({
                name: rule, priority: i + 1, overrideAction: { none: {} },
                statement: { managedRuleGroupStatement: { vendorName: "AWS", name: rule } },
                visibilityConfig: visibility(rule),
            })),
        ],
    };
}
