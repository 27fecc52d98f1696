/** The web console under the prod and dev stack configs, and the API's CORS for its origin, asserted from the plan. */
import { expect } from "chai";
import { byName, ofType, runStack, runWithConfig } from "../helpers/pulumiMocks";
import type { ProgramRun } from "../../scripts/lib/runProgram";
import type { RecordedResource } from "../../scripts/lib/mockCloud";
import { buildConsole, viewerRequestCode } from "../../console/build";
import { consoleConfig } from "../../console/src/config";
import { CACHING_OPTIMIZED_POLICY_ID, validateWebConsoleArgs, WebConsoleArgs } from "../../components/webConsole";
import { buildReplicationPolicy, buildSiteBucketPolicy, buildTlsOnlyBucketPolicy } from "../../components/logic/consolePolicies";
import { methodsByPath, preflightHeaders } from "../../handlers/shared/cors";
import { ROUTES } from "../../handlers/shared/routes";
import { headerMappings } from "../../components/regionalApi";
import { ConfigError, parseConfig } from "../../config";

const ACCOUNT = "123456789012";
const r = (run: ProgramRun, type: string, name: string) => byName(run.resources, type, name);
const dependsOn = (res: RecordedResource, input: string, on: RecordedResource) => (res.propertyDependencies[input] ?? []).includes(on.urn);

describe("WebConsole (prod stack: console.example.com, WAF)", () => {
    let run: ProgramRun;
    before(async () => { run = await runStack("prod"); });
    const cdn = () => r(run, "aws:cloudfront/distribution:Distribution", "console-cdn");

    it("keeps the site in a private, versioned, encrypted, TLS-only bucket in the home region, replicated to eu-west-1", () => {
        for (const [id, region] of [["site", "us-east-1"], ["site-replica", "eu-west-1"]] as const) {
            const bucket = r(run, "aws:s3/bucket:Bucket", `console-${id}`);
            expect(bucket.inputs.region, id).to.equal(region);
            const setting = (type: string, suffix: string) => {
                const s = r(run, type, `console-${id}-${suffix}`);
                expect(s.inputs.region, `${id} ${suffix}`).to.equal(region);
                expect(dependsOn(s, "bucket", bucket), `${id} ${suffix}`).to.equal(true);
                return s.inputs;
            };
            expect(setting("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "ownership").rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
            expect(setting("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "public-access")).to.deep.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
            expect(setting("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "encryption").rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }]);
            expect(setting("aws:s3/bucketVersioning:BucketVersioning", "versioning").versioningConfiguration).to.deep.equal({ status: "Enabled" });
            // Only CloudFront, through OAC, for this one distribution; plain HTTP denied.
            expect(JSON.parse(setting("aws:s3/bucketPolicy:BucketPolicy", "policy").policy)).to.deep.equal(buildSiteBucketPolicy(bucket.state.arn, cdn().state.arn));
        }
        expect(buildSiteBucketPolicy("arn:aws:s3:::b", "arn:aws:cloudfront::1:distribution/E1")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "CloudFrontReadsThroughOAC", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: { StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::1:distribution/E1" } } },
                { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } },
            ],
        });
        const replication = r(run, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "console-site-replication");
        const [site, replica] = [r(run, "aws:s3/bucket:Bucket", "console-site"), r(run, "aws:s3/bucket:Bucket", "console-site-replica")];
        expect(replication.inputs.rules).to.deep.equal([{ id: "site", status: "Enabled", filter: {}, deleteMarkerReplication: { status: "Enabled" }, destination: { bucket: replica.state.arn, storageClass: "STANDARD" } }]);
        expect(replication.inputs.role).to.equal(r(run, "aws:iam/role:Role", "console-replication").state.arn);
        expect(JSON.parse(r(run, "aws:iam/rolePolicy:RolePolicy", "console-replication-policy").inputs.policy)).to.deep.equal(buildReplicationPolicy(site.state.arn, replica.state.arn));
    });

    it("serves both buckets through OAC in an origin group that fails over on 403/404/5xx, GET/HEAD/OPTIONS only", () => {
        const d = cdn().inputs;
        const oac = r(run, "aws:cloudfront/originAccessControl:OriginAccessControl", "console-oac");
        expect(oac.inputs).to.deep.include({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
        expect(d.origins).to.deep.equal([
            { originId: "primary", domainName: r(run, "aws:s3/bucket:Bucket", "console-site").state.bucketRegionalDomainName, originAccessControlId: oac.id },
            { originId: "replica", domainName: r(run, "aws:s3/bucket:Bucket", "console-site-replica").state.bucketRegionalDomainName, originAccessControlId: oac.id },
        ]);
        expect(d.originGroups).to.deep.equal([{ originId: "site", failoverCriteria: { statusCodes: [403, 404, 500, 502, 503, 504] }, members: [{ originId: "primary" }, { originId: "replica" }] }]);
        expect(d.defaultCacheBehavior).to.deep.equal({
            targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD", "OPTIONS"], cachedMethods: ["GET", "HEAD"], compress: true,
            cachePolicyId: CACHING_OPTIMIZED_POLICY_ID, responseHeadersPolicyId: r(run, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "console-headers").id,
            functionAssociations: [{ eventType: "viewer-request", functionArn: r(run, "aws:cloudfront/function:Function", "console-spa-routes").state.arn }],
        });
        expect(d).to.deep.include({ defaultRootObject: "index.html", httpVersion: "http2and3", isIpv6Enabled: true, enabled: true, aliases: ["console.example.com"] });
        expect(d.loggingConfig).to.deep.equal({ bucket: r(run, "aws:s3/bucket:Bucket", "console-logs").state.bucketDomainName, prefix: "cloudfront/", includeCookies: false });
    });

    it("runs the tested rewrite function (cloudfront-js-2.0) on viewer requests", () => {
        expect(r(run, "aws:cloudfront/function:Function", "console-spa-routes").inputs).to.deep.include({ runtime: "cloudfront-js-2.0", publish: true, code: viewerRequestCode() });
    });

    it("sends HSTS (2 years, subdomains, preload), a CSP whose connect-src is exactly the API's names and the user pool domain, nosniff, DENY, no referrer", () => {
        const policy = r(run, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "console-headers").inputs;
        expect(policy.securityHeadersConfig).to.deep.equal({
            strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true },
            contentSecurityPolicy: {
                contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                    + "connect-src 'self' https://api.example.com https://us-east-1.api.example.com https://eu-west-1.api.example.com https://ap-northeast-2.api.example.com "
                    + `https://auth.example.com; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
                override: true,
            },
            contentTypeOptions: { override: true },
            frameOptions: { frameOption: "DENY", override: true },
            referrerPolicy: { referrerPolicy: "no-referrer", override: true },
        });
    });

    it("has console.example.com with an ACM certificate in us-east-1 (SNI, TLSv1.2_2021) and A + AAAA aliases", () => {
        const cert = r(run, "aws:acm/certificate:Certificate", "console-cert");
        expect(cert.inputs).to.deep.include({ region: "us-east-1", domainName: "console.example.com", validationMethod: "DNS" });
        const validation = r(run, "aws:acm/certificateValidation:CertificateValidation", "console-cert-validation");
        expect(validation.inputs.region).to.equal("us-east-1");
        expect(cdn().inputs.viewerCertificate).to.deep.equal({ acmCertificateArn: cert.state.arn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" });
        for (const type of ["A", "AAAA"]) {
            expect(r(run, "aws:route53/record:Record", `console-${type.toLowerCase()}`).inputs).to.deep.include({
                name: "console.example.com", type, aliases: [{ name: cdn().state.domainName, zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }],
            });
        }
    });

    it("puts a CLOUDFRONT web ACL from us-east-1 (managed rules + rate limit) on the distribution", () => {
        const acl = r(run, "aws:wafv2/webAcl:WebAcl", "console-waf");
        expect(acl.inputs).to.deep.include({ region: "us-east-1", scope: "CLOUDFRONT" });
        expect(acl.inputs.rules.map((x: any) => x.name)).to.deep.equal(["rate-per-ip", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"]);
        expect(acl.inputs.rules[0].statement.rateBasedStatement).to.deep.equal({ limit: 2000, aggregateKeyType: "IP" });
        expect(cdn().inputs.webAclId).to.equal(acl.state.arn);
        expect(acl.state.arn).to.match(/^arn:aws:wafv2:us-east-1:\d+:global\/webacl\//);
    });

    it("keeps access logs in a bucket with ACLs for the log delivery, encrypted, TLS only, expiring after the log retention, kept on destroy", () => {
        const logs = r(run, "aws:s3/bucket:Bucket", "console-logs");
        expect(logs.retainOnDelete).to.equal(true);
        expect(r(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "console-logs-ownership").inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerPreferred" });
        expect(r(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "console-logs-lifecycle").inputs.rules[0].expiration).to.deep.equal({ days: 365 });
        expect(JSON.parse(r(run, "aws:s3/bucketPolicy:BucketPolicy", "console-logs-policy").inputs.policy)).to.deep.equal(buildTlsOnlyBucketPolicy(logs.state.arn));
    });

    it("signs in with a public app client (code + PKCE, no secret) on the sign-in domain that fails over with the user pool (no prefix domain of its own); callbacks are the console's only", () => {
        expect(ofType(run.resources, "aws:cognito/userPoolDomain:UserPoolDomain"), "a prefix domain beside auth.example.com").to.deep.equal([]);
        expect(r(run, "aws-native:cognito:UserPoolDomain", "sign-in-domain").inputs).to.deep.include({ domain: "auth.example.com" });
        const pool = r(run, "aws-native:cognito:UserPool", "identity-users");
        expect(r(run, "aws:cognito/userPoolClient:UserPoolClient", "console-client").inputs).to.deep.include({
            region: "us-east-1", userPoolId: pool.id, generateSecret: false, allowedOauthFlowsUserPoolClient: true, allowedOauthFlows: ["code"],
            allowedOauthScopes: ["openid", "email", "profile"], supportedIdentityProviders: ["COGNITO"],
            callbackUrls: ["https://console.example.com/callback"], logoutUrls: ["https://console.example.com/signed-out"],
            explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"], enableTokenRevocation: true, idTokenValidity: 60, accessTokenValidity: 60, refreshTokenValidity: 12,
        });
    });

    it("uploads every built file with its content type and cache headers (hashed assets immutable, index.html and config.json no-cache), and config.json from the outputs", () => {
        const objects = ofType(run.resources, "aws:s3/bucketObjectv2:BucketObjectv2");
        const site = r(run, "aws:s3/bucket:Bucket", "console-site");
        for (const o of objects) expect(dependsOn(o, "bucket", site), o.name).to.equal(true);
        const uploaded: Record<string, string[]> = Object.fromEntries(objects.map(o => [o.inputs.key, [o.inputs.contentType, o.inputs.cacheControl]]));
        const built = buildConsole().files;
        expect(uploaded).to.deep.equal({
            ...Object.fromEntries(built.map(f => [f.path, [f.contentType, f.cacheControl]])),
            "config.json": ["application/json", "no-cache"],
        });
        expect(uploaded["index.html"]).to.deep.equal(["text/html; charset=utf-8", "no-cache"]);
        expect(Object.entries(uploaded).filter(([k]) => k.startsWith("assets/")).every(([, v]) => v[1] === "public, max-age=31536000, immutable")).to.equal(true);
        const config = JSON.parse(objects.find(o => o.inputs.key === "config.json")!.inputs.content);
        expect(config).to.deep.equal(consoleConfig({
            stack: "prod", apiUrl: "https://api.example.com",
            regionalApiUrls: { "us-east-1": "https://us-east-1.api.example.com", "eu-west-1": "https://eu-west-1.api.example.com", "ap-northeast-2": "https://ap-northeast-2.api.example.com" },
            issuer: `https://cognito-idp.us-east-1.amazonaws.com/${r(run, "aws-native:cognito:UserPool", "identity-users").state.userPoolId}`,
            clientId: r(run, "aws:cognito/userPoolClient:UserPoolClient", "console-client").id!,
            domainUrl: "https://auth.example.com",
        }));
    });

    it("lets every API function, preflight and gateway response answer exactly the console's origin", () => {
        for (const region of ["us-east-1", "eu-west-1", "ap-northeast-2"]) {
            for (const h of ["items", "approvals", "health"]) {
                expect(r(run, "aws:lambda/function:Function", `api-${region}-${h}`).inputs.environment.variables.CORS_ALLOW_ORIGIN, `${region} ${h}`).to.equal("https://console.example.com");
            }
            const options = ofType(run.resources, "aws:apigateway/method:Method").filter(m => m.inputs.region === region && m.inputs.httpMethod === "OPTIONS");
            expect(options).to.have.length(methodsByPath(ROUTES).size);
            for (const m of options) expect(m.inputs.authorization, m.name).to.equal("NONE");
            for (const [path, methods] of methodsByPath(ROUTES)) {
                const id = path.replace(/[{}]/g, "").split("/").filter(Boolean).join("-");
                expect(r(run, "aws:apigateway/integration:Integration", `api-${region}-${id}-options-integration`).inputs).to.deep.include({ type: "MOCK", httpMethod: "OPTIONS" });
                expect(r(run, "aws:apigateway/integrationResponse:IntegrationResponse", `api-${region}-${id}-options-integration-response`).inputs.responseParameters)
                    .to.deep.equal(headerMappings("method.response.header", preflightHeaders("https://console.example.com", methods)));
            }
            const responses = ofType(run.resources, "aws:apigateway/response:Response").filter(x => x.inputs.region === region);
            expect(responses.map(x => x.inputs.responseType).sort()).to.deep.equal(["DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED"]);
            for (const x of responses) expect(x.inputs.responseParameters["gatewayresponse.header.Access-Control-Allow-Origin"]).to.equal("'https://console.example.com'");
            expect(r(run, "aws:apigateway/deployment:Deployment", `api-${region}-deployment`).inputs.triggers.corsOrigin).to.equal("https://console.example.com");
        }
    });

    it("exports the console's URL, distribution, bucket and client", () => {
        expect(run.outputs).to.deep.include({ webConsoleUrl: "https://console.example.com", webConsoleDistributionId: cdn().id, webConsoleClientId: r(run, "aws:cognito/userPoolClient:UserPoolClient", "console-client").id });
    });
});

describe("WebConsole (dev stack: no DNS, no WAF)", () => {
    let run: ProgramRun;
    before(async () => { run = await runStack("dev"); });

    it("uses the distribution's own name and certificate, allows that origin on the API, and names the execute-api hosts in connect-src", () => {
        const cdn = r(run, "aws:cloudfront/distribution:Distribution", "console-cdn");
        const origin = `https://${cdn.state.domainName}`;
        expect(cdn.inputs.viewerCertificate).to.deep.equal({ cloudfrontDefaultCertificate: true });
        expect(cdn.inputs.aliases).to.equal(undefined);
        expect(cdn.inputs.webAclId).to.equal(undefined);
        expect(ofType(run.resources, "aws:acm/certificate:Certificate").filter(c => c.name.startsWith("console"))).to.deep.equal([]);
        expect(r(run, "aws:lambda/function:Function", "api-eu-west-1-items").inputs.environment.variables.CORS_ALLOW_ORIGIN).to.equal(origin);
        const hosts = ["us-east-1", "eu-west-1"].map(region => `https://${r(run, "aws:apigateway/restApi:RestApi", `api-${region}-api`).id}.execute-api.${region}.amazonaws.com`);
        const csp = r(run, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "console-headers").inputs.securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy;
        // No DNS, so no custom sign-in domain: the console's managed login is a prefix domain in the home region.
        expect(r(run, "aws:cognito/userPoolDomain:UserPoolDomain", "console-auth-domain").inputs).to.deep.include({ region: "us-east-1", domain: `platform-dev-${ACCOUNT}` });
        expect(csp).to.contain(`connect-src 'self' ${hosts.join(" ")} https://platform-dev-${ACCOUNT}.auth.us-east-1.amazoncognito.com;`);
        const config = JSON.parse(ofType(run.resources, "aws:s3/bucketObjectv2:BucketObjectv2").find(o => o.inputs.key === "config.json")!.inputs.content);
        expect(config.api).to.deep.equal({ url: `${hosts[0]}/v1`, regions: { "us-east-1": `${hosts[0]}/v1`, "eu-west-1": `${hosts[1]}/v1` } });
    });

    it("also accepts the local platform's console port as callback in dev", () => {
        const client = r(run, "aws:cognito/userPoolClient:UserPoolClient", "console-client").inputs;
        const cdn = r(run, "aws:cloudfront/distribution:Distribution", "console-cdn");
        expect(client.callbackUrls).to.deep.equal([`https://${cdn.state.domainName}/callback`, "http://localhost:7704/callback"]);
        expect(client.logoutUrls).to.deep.equal([`https://${cdn.state.domainName}/signed-out`, "http://localhost:7704/signed-out"]);
    });

    it("platform:console.enabled false: no console, and no CORS on the API", async () => {
        const off = await runWithConfig({ environment: "dev", regions: ["us-east-1", "eu-west-1"], console: { enabled: false } }, "off");
        expect(off.resources.filter(x => x.type.startsWith("aws:cloudfront/") || x.type.startsWith("aws:s3/"))).to.deep.equal([]);
        expect(ofType(off.resources, "aws:apigateway/method:Method").filter(m => m.inputs.httpMethod === "OPTIONS")).to.deep.equal([]);
        expect(ofType(off.resources, "aws:lambda/function:Function").every(f => f.inputs.environment.variables.CORS_ALLOW_ORIGIN === undefined)).to.equal(true);
    });
});

describe("WebConsole arguments and config", () => {
    const args = (extra: Partial<WebConsoleArgs> = {}): WebConsoleArgs => ({
        stack: "s", homeRegion: "us-east-1", replicaRegion: "eu-west-1", namePrefix: "p", accountId: "1",
        api: { url: "https://api", regions: {} }, userPool: { id: "u", endpoint: "e" }, authDomainPrefix: "platform-s-1", logRetentionDays: 14, ...extra,
    });

    it("names every problem with its field", () => {
        expect(validateWebConsoleArgs(args())).to.deep.equal([]);
        expect(validateWebConsoleArgs(args({
            replicaRegion: "us-east-1", authDomainPrefix: "My-AWS-login", dns: { zoneName: "example.com", domainName: "console.other.org" }, extraCallbackOrigins: ["localhost:1"], logRetentionDays: 0,
        }))).to.deep.equal([
            "replicaRegion us-east-1 must differ from homeRegion (the replica is what survives the home region)",
            "authDomainPrefix \"My-AWS-login\" must be 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen",
            "dns.domainName console.other.org is not inside the zone example.com",
            "extraCallbackOrigins: \"localhost:1\" is not an origin",
            "logRetentionDays 0 must be a whole number of days, at least 1",
        ]);
        expect(validateWebConsoleArgs(args({ authDomainPrefix: "my-cognito-login" }))).to.deep.equal(["authDomainPrefix \"my-cognito-login\" may not contain aws, amazon or cognito (reserved by Cognito)"]);
    });

    it("config: defaults (enabled, console, second region, WAF as the API's), and one error listing every problem", () => {
        const c = parseConfig({ regions: ["us-east-1", "eu-west-1"], environment: "dev", api: { waf: false } });
        expect(c.console).to.deep.equal({ enabled: true, subdomain: "console", replicaRegion: "eu-west-1", waf: false, wafRateLimit: 2000, priceClass: "PriceClass_100" });
        let error: unknown;
        try { parseConfig({ regions: ["us-east-1", "eu-west-1"], console: { subdomain: "Console.", replicaRegion: "us-east-1", authDomainPrefix: "aws-login", priceClass: "all", consle: 1 } }); } catch (e) { error = e; }
        expect((error as ConfigError).problems).to.deep.equal([
            "platform:console.subdomain: must be one DNS label: lower-case letters, digits and hyphens",
            "platform:console.priceClass: must be one of PriceClass_100, PriceClass_200, PriceClass_All",
            "platform:console.consle: unknown key",
            "platform:console.replicaRegion: must differ from the home region us-east-1 (the replica bucket is what CloudFront falls back to when the home region fails)",
            "platform:console.authDomainPrefix: may not contain aws, amazon or cognito (reserved by Cognito)",
        ]);
    });
});
