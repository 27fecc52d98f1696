/**
 * A latency record without a health check keeps sending users to a dead region; a health check on
 * the latency-routed name itself measures whichever region answers, not the record's own.
 */
import { block, dependenciesOf, latencyRegionOf, list, ofTypes, stackRule, str } from "./lib";
import { probedRegion } from "./platform-regions-complete";

export const route53RecordLatencyHealthCheck = stackRule({
    name: "route53-record-latency-health-check",
    description: "Every latency-routed Route 53 record has a health check aimed at its own region's API hostname (never the latency name) and evaluates target health.",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "set healthCheckId to a health check whose fqdn is <api-id>.execute-api.<region>.amazonaws.com of the same region, and alias.evaluateTargetHealth = true",
}, resources => ofTypes(resources, "aws:route53/record:Record")
    .filter(r => block(r.props.latencyRoutingPolicies ?? r.props.latencyRoutingPolicy) !== undefined)
    .flatMap(r => {
        const region = latencyRegionOf(r.props);
        const label = `${r.name} (${r.type}) for ${region ?? "(no region)"}`;
        if (!str(r.props.healthCheckId)) return [{ urn: r.urn, message: `${label}: no health check` }];
        const findings: string[] = [];
        const check = dependenciesOf(r, "healthCheckId").find(d => d.type === "aws:route53/healthCheck:HealthCheck") ??
            ofTypes(resources, "aws:route53/healthCheck:HealthCheck").find(c => c.props.id !== undefined && c.props.id === r.props.healthCheckId);
        if (!check) findings.push("its health check is not part of this stack");
        else {
            const fqdn = str(check.props.fqdn);
            if (fqdn && fqdn.replace(/\.$/, "") === String(r.props.name ?? "").replace(/\.$/, "")) findings.push(`health check ${check.name} probes the latency name ${fqdn} itself`);
            else if (probedRegion(fqdn) !== region) findings.push(`health check ${check.name} probes ${fqdn ?? "(no fqdn)"}, not the ${region} API hostname`);
        }
        if (list(r.props.aliases).length === 0 && block(r.props.aliases) === undefined && list(r.props.records).length === 0) findings.push("the record has no target");
        const alias = block(r.props.aliases);
        if (alias && alias.evaluateTargetHealth !== true) findings.push("alias.evaluateTargetHealth is not true");
        return findings.map(f => ({ urn: r.urn, message: `${label}: ${f}` }));
    }));
