/**
 * [CloudFront.7, CloudFront.8] A distribution serving its own names uses a custom certificate with
 * SNI and a modern minimum protocol. One without aliases (a dev stack without DNS) is served on
 * `*.cloudfront.net` with CloudFront's certificate, which the controls do not ask to replace.
 */
import { block, isTrue, list, resourceRule, str } from "./lib";

/** Minimum viewer protocols that refuse TLS older than 1.2. */
export const MODERN_VIEWER_PROTOCOLS = ["TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

export const cloudfrontDistributionCertificate = resourceRule({
    name: "cloudfront-distribution-certificate",
    description: "[CloudFront.7] [CloudFront.8] CloudFront distributions with aliases use a custom ACM certificate, served with SNI, with a TLS 1.2+ minimum protocol.",
    controls: ["CloudFront.7", "CloudFront.8"],
    level: "mandatory",
    severity: "medium",
    remediation: "set viewerCertificate { acmCertificateArn: <certificate in us-east-1>, sslSupportMethod: \"sni-only\", minimumProtocolVersion: \"TLSv1.2_2021\" }",
}, ["aws:cloudfront/distribution:Distribution"], props => {
    if (list(props.aliases).length === 0) return [];
    const cert = block(props.viewerCertificate);
    const problems: string[] = [];
    if (!cert || isTrue(cert.cloudfrontDefaultCertificate) || !(str(cert.acmCertificateArn) ?? str(cert.iamCertificateId))) problems.push("serves its aliases without a custom certificate");
    if (str(cert?.sslSupportMethod) !== "sni-only") problems.push(`serves HTTPS with ${str(cert?.sslSupportMethod) ?? "(no SSL support method)"}, not SNI`);
    if (!MODERN_VIEWER_PROTOCOLS.includes(str(cert?.minimumProtocolVersion) ?? "")) problems.push(`minimum viewer protocol ${str(cert?.minimumProtocolVersion) ?? "(absent: TLSv1)"} allows TLS older than 1.2`);
    return problems;
});
