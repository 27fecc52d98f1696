/** [CloudFront.9, CloudFront.10] Custom origins are reached over HTTPS with TLS 1.2 only. S3 origins are signed HTTPS requests by design. */
import { block, list, resourceRule, str, strings } from "./lib";

const DEPRECATED = ["SSLv3", "TLSv1", "TLSv1.1"];

export const cloudfrontDistributionOriginTls = resourceRule({
    name: "cloudfront-distribution-origin-tls",
    description: "[CloudFront.9] [CloudFront.10] CloudFront distributions reach custom origins over HTTPS only, and never with SSLv3, TLSv1 or TLSv1.1.",
    controls: ["CloudFront.9", "CloudFront.10"],
    level: "mandatory",
    severity: "medium",
    remediation: "set customOriginConfig { originProtocolPolicy: \"https-only\", originSslProtocols: [\"TLSv1.2\"] } on every custom origin",
}, ["aws:cloudfront/distribution:Distribution"], props => list(props.origins).flatMap((o: any) => {
    const custom = block(o?.customOriginConfig);
    if (!custom) return [];
    const problems: string[] = [];
    if (str(custom.originProtocolPolicy) !== "https-only") problems.push(`origin ${o.originId} is reached with ${str(custom.originProtocolPolicy) ?? "(no protocol policy)"}, not https-only`);
    const old = strings(custom.originSslProtocols).filter(p => DEPRECATED.includes(p));
    if (old.length || strings(custom.originSslProtocols).length === 0) problems.push(`origin ${o.originId} allows ${old.length ? old.join(", ") : "(unspecified protocols)"}`);
    return problems;
}));
