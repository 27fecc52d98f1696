/**
 * Active-active only works when every region is complete: a replica, a regional API and a health
 * check on that API in each region the table lives in, and a latency record per region once the
 * stack routes a custom domain.
 */
import type { PolicyResource } from "@pulumi/policy";
import { latencyRegionOf, list, ofTypes, regionOf, stackRule, str } from "./lib";

/** Regions the global table lives in: the table's own region and its replicas'. */
export function tableRegions(table: PolicyResource): string[] {
    const own = regionOf(table);
    return [...new Set([...(own ? [own] : []), ...list(table.props.replicas).map((r: any) => str(r?.regionName)).filter((r): r is string => !!r)])];
}

/** The region a health check probes: the `<region>` of an execute-api hostname, else undefined. */
export function probedRegion(fqdn: unknown): string | undefined {
    return typeof fqdn === "string" ? /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(fqdn)?.[1] : undefined;
}

export const platformRegionsComplete = stackRule({
    name: "platform-regions-complete",
    description: "Every region of the global table has its replica, a regional REST API, a Route 53 health check on that API and, when the stack has custom domains, a latency record.",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "list the region in platform:regions so every component creates its regional resources; do not create regional resources by hand",
}, resources => {
    const apis = ofTypes(resources, "aws:apigateway/restApi:RestApi");
    const checks = ofTypes(resources, "aws:route53/healthCheck:HealthCheck");
    const routed = ofTypes(resources, "aws:apigateway/domainName:DomainName").length > 0;
    const latency = ofTypes(resources, "aws:route53/record:Record").map(r => latencyRegionOf(r.props)).filter(Boolean);
    return ofTypes(resources, "aws:dynamodb/table:Table").flatMap(table => tableRegions(table).flatMap(region => {
        const missing: string[] = [];
        if (!apis.some(a => regionOf(a) === region)) missing.push("REST API");
        if (!checks.some(c => probedRegion(c.props.fqdn) === region)) missing.push("health check");
        if (routed && !latency.includes(region)) missing.push("latency record");
        return missing.length ? [{ urn: table.urn, message: `region ${region} of ${table.name} has no ${missing.join(", no ")}` }] : [];
    }));
});
