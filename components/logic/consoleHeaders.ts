/**
 * The web console's response headers, written once: {@link consoleHeadersPolicy} is the
 * CloudFront response headers policy's configuration (components/webConsole.ts passes it to
 * `aws.cloudfront.ResponseHeadersPolicy`), and {@link renderPolicyHeaders} turns that same
 * configuration into the header lines CloudFront sends, which the local platform's console server
 * sends too (local/console.ts). Pure: no Pulumi, no AWS SDK.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-response-headers-policies.html
 */

/** HSTS for two years, subdomains included, eligible for browsers' preload lists (hstspreload.org asks for at least one year). */
export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 3600;

/**
 * The console's Content-Security-Policy: nothing by default; scripts, styles, images and the icon
 * from the console's own origin only (no inline script or style, no eval); `connect-src` the
 * console's own origin (`/config.json`) plus exactly `connectOrigins` (the API's latency name, its
 * regional names, the user pool domain); no framing (`frame-ancestors 'none'`), no `<base>`, forms
 * submit only to the console itself.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[]): string {
    for (const o of connectOrigins) {
        if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?$/.test(o)) throw new Error(`connect-src origin "${o}" is not a bare origin (scheme://host[:port])`);
    }
    return [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        `connect-src 'self' ${connectOrigins.join(" ")}`,
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].join("; ");
}

/** The response headers policy's `securityHeadersConfig` and `customHeadersConfig` (the shape of `aws.cloudfront.ResponseHeadersPolicyArgs`). */
export interface ConsoleHeadersPolicy {
    readonly securityHeadersConfig: {
        readonly strictTransportSecurity: { readonly accessControlMaxAgeSec: number; readonly includeSubdomains: boolean; readonly preload: boolean; readonly override: boolean };
        readonly contentSecurityPolicy: { readonly contentSecurityPolicy: string; readonly override: boolean };
        readonly contentTypeOptions: { readonly override: boolean };
        readonly frameOptions: { readonly frameOption: "DENY" | "SAMEORIGIN"; readonly override: boolean };
        readonly referrerPolicy: { readonly referrerPolicy: string; readonly override: boolean };
    };
    readonly customHeadersConfig: { readonly items: ReadonlyArray<{ readonly header: string; readonly value: string; readonly override: boolean }> };
}

/**
 * The policy for a console that connects to `connectOrigins`. Every header overrides whatever the
 * origin sent (S3 sends none of these, but a misconfigured object must not weaken them). The
 * referrer policy is `no-referrer`: the sign-in callback URL carries the authorization code until
 * the app replaces it.
 */
export function consoleHeadersPolicy(connectOrigins: readonly string[]): ConsoleHeadersPolicy {
    return {
        securityHeadersConfig: {
            strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: true, override: true },
            contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(connectOrigins), override: true },
            contentTypeOptions: { override: true },
            frameOptions: { frameOption: "DENY", override: true },
            referrerPolicy: { referrerPolicy: "no-referrer", override: true },
        },
        customHeadersConfig: {
            items: [
                { header: "Cross-Origin-Opener-Policy", value: "same-origin", override: true },
                { header: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()", override: true },
            ],
        },
    };
}

/** The header lines CloudFront adds for `policy` (lower-case names), as the browser receives them. */
export function renderPolicyHeaders(policy: ConsoleHeadersPolicy): Record<string, string> {
    const s = policy.securityHeadersConfig;
    const hsts = s.strictTransportSecurity;
    return {
        "strict-transport-security": `max-age=${hsts.accessControlMaxAgeSec}${hsts.includeSubdomains ? "; includeSubDomains" : ""}${hsts.preload ? "; preload" : ""}`,
        "content-security-policy": s.contentSecurityPolicy.contentSecurityPolicy,
        "x-content-type-options": "nosniff",
        "x-frame-options": s.frameOptions.frameOption,
        "referrer-policy": s.referrerPolicy.referrerPolicy,
        ...Object.fromEntries(policy.customHeadersConfig.items.map(h => [h.header.toLowerCase(), h.value])),
    };
}
