/** [CloudFront.3] Viewers reach every cache behavior over HTTPS only. */
import { block, list, resourceRule, str } from "./lib";

const HTTPS = ["redirect-to-https", "https-only"];

export const cloudfrontDistributionHttps = resourceRule({
    name: "cloudfront-distribution-https",
    description: "[CloudFront.3] CloudFront distributions require encryption in transit: every cache behavior redirects HTTP to HTTPS or allows HTTPS only.",
    controls: ["CloudFront.3"],
    level: "mandatory",
    severity: "medium",
    remediation: "set viewerProtocolPolicy \"redirect-to-https\" (or \"https-only\") on the default and every ordered cache behavior",
}, ["aws:cloudfront/distribution:Distribution"], props => {
    const behaviors = [["default", block(props.defaultCacheBehavior)], ...list(props.orderedCacheBehaviors).map((b: any) => [b?.pathPattern ?? "?", b])] as const;
    return behaviors.filter(([, b]) => !HTTPS.includes(str(b?.viewerProtocolPolicy) ?? ""))
        .map(([path, b]) => `cache behavior ${path} allows viewers ${str(b?.viewerProtocolPolicy) ?? "(no viewer protocol policy)"}`);
});
