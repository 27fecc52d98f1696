/** Custom domains negotiate TLS 1.2 or newer and are REGIONAL (certificate in the API's region). */
import { block, resourceRule, str, strings } from "./lib";

/** Security policies that refuse TLS 1.0/1.1 (API Gateway's `TLS_1_2` and the newer `SecurityPolicy_TLS1x_*` names). */
export function isModernTlsPolicy(policy: string | undefined): boolean {
    return policy !== undefined && (policy === "TLS_1_2" || /^SecurityPolicy_TLS1[23]_/.test(policy));
}

export const apigatewayDomainTls = resourceRule({
    name: "apigateway-domain-tls",
    description: "API Gateway custom domains use a TLS 1.2+ security policy and a REGIONAL endpoint.",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "set securityPolicy \"TLS_1_2\" and endpointConfiguration.types [\"REGIONAL\"] with regionalCertificateArn in the API's region",
}, ["aws:apigateway/domainName:DomainName"], props => {
    const problems: string[] = [];
    const policy = str(props.securityPolicy);
    if (!isModernTlsPolicy(policy)) problems.push(`security policy ${policy ?? "(absent: TLS_1_0)"} allows TLS older than 1.2`);
    const types = strings(block(props.endpointConfiguration)?.types);
    if (!(types.length === 1 && types[0] === "REGIONAL")) problems.push(`endpoint types ${JSON.stringify(types)} are not ["REGIONAL"]`);
    return problems;
});
