/**
 * Identity under the prod stack config, and the row-level policy the program generates proved with
 * an IAM policy simulator (@cloud-copilot/iam-simulate).
 *
 * The simulator runs in its "unsafe" mode: its default strict mode drops context keys it does not
 * associate with the action (principal tags, `dynamodb:LeadingKeys` for some actions), which
 * would deny everything and prove nothing. Unsafe mode evaluates exactly the context given here.
 */
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import { byName, MOCK_ACCOUNT_ID, ofType, RecordedResource, runStack } from "../helpers/pulumiMocks";
import type { ProgramRun } from "../../scripts/lib/runProgram";
import { buildRowLevelPolicy } from "../../components/logic/identityPolicy";
import { openRequestPk } from "../../handlers/shared/keys";
import { APPROVERS_GROUP } from "../../handlers/shared/groups";
import { validateIdentityArgs } from "../../components/identity";
import { validateSignInDomainArgs } from "../../components/signInDomain";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2"];
const TABLE = "platform-prod";
const ALICE = "0b5c9a1e-alice";
const BOB = "7d2e4f00-bob";
const arn = (region: string, suffix = "") => `arn:aws:dynamodb:${region}:${MOCK_ACCOUNT_ID}:table/${TABLE}${suffix}`;

type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

function simulate(policy: object, action: string, resource: string, context: Record<string, string | string[]>): Decision {
    return runUnsafeSimulation({
        request: {
            principal: `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/platform-prod-authenticated/CognitoIdentityCredentials`,
            action, resource: { resource, accountId: MOCK_ACCOUNT_ID }, contextVariables: context,
        },
        identityPolicies: [{ name: "own-rows", policy }], serviceControlPolicies: [], resourceControlPolicies: [],
    }, {}) as Decision;
}

/** Context of a request by Alice (principal tag `sub` from her token) with these leading keys / attributes. */
const alice = (extra: Record<string, string | string[]> = {}) => ({ "aws:PrincipalTag/sub": ALICE, ...extra });

interface Row { readonly what: string; readonly action: string; readonly resource: string; readonly context: Record<string, string | string[]>; readonly expected: Decision }

const ROWS: Row[] = [
    ...REGIONS.flatMap(region => [
        { what: `GetItem on her own partition in ${region}`, action: "dynamodb:GetItem", resource: arn(region), context: alice({ "dynamodb:LeadingKeys": [`USER#${ALICE}`] }), expected: "Allowed" as const },
        { what: `Query on her own partition in ${region}`, action: "dynamodb:Query", resource: arn(region), context: alice({ "dynamodb:LeadingKeys": [`USER#${ALICE}`] }), expected: "Allowed" as const },
        { what: `PutItem on her own partition in ${region}`, action: "dynamodb:PutItem", resource: arn(region), context: alice({ "dynamodb:LeadingKeys": [`USER#${ALICE}`], "dynamodb:Attributes": ["pk", "sk", "title"] }), expected: "Allowed" as const },
        { what: `Query on the index in ${region}`, action: "dynamodb:Query", resource: arn(region, "/index/gsi1"), context: alice({ "dynamodb:LeadingKeys": [`USER#${ALICE}`] }), expected: "Allowed" as const },
        { what: `GetItem on Bob's partition in ${region}`, action: "dynamodb:GetItem", resource: arn(region), context: alice({ "dynamodb:LeadingKeys": [`USER#${BOB}`] }), expected: "ImplicitlyDenied" as const },
    ]),
    { what: "BatchGetItem mixing her partition and Bob's", action: "dynamodb:BatchGetItem", resource: arn("eu-west-1"), context: alice({ "dynamodb:LeadingKeys": [`USER#${ALICE}`, `USER#${BOB}`] }), expected: "ImplicitlyDenied" },
    { what: "UpdateItem on Bob's partition", action: "dynamodb:UpdateItem", resource: arn("us-east-1"), context: alice({ "dynamodb:LeadingKeys": [`USER#${BOB}`] }), expected: "ImplicitlyDenied" },
    { what: "DeleteItem on her bare sub (no USER# prefix)", action: "dynamodb:DeleteItem", resource: arn("us-east-1"), context: alice({ "dynamodb:LeadingKeys": [ALICE] }), expected: "ImplicitlyDenied" },
    { what: "Scan of the table", action: "dynamodb:Scan", resource: arn("us-east-1"), context: alice(), expected: "ImplicitlyDenied" },
    { what: "Scan of the index", action: "dynamodb:Scan", resource: arn("us-east-1", "/index/gsi1"), context: alice(), expected: "ImplicitlyDenied" },
    { what: "a request without the sub tag", action: "dynamodb:GetItem", resource: arn("us-east-1"), context: { "dynamodb:LeadingKeys": [`USER#${ALICE}`] }, expected: "ImplicitlyDenied" },
    { what: "a request that carries no leading key", action: "dynamodb:GetItem", resource: arn("us-east-1"), context: alice(), expected: "ImplicitlyDenied" },
    { what: "a write to an approval request partition", action: "dynamodb:PutItem", resource: arn("us-east-1"), context: alice({ "dynamodb:LeadingKeys": ["REQUEST#r-1"], "dynamodb:Attributes": ["pk", "sk", "status"] }), expected: "ImplicitlyDenied" },
    { what: "a write to her item's open-request pointer (one open approval per item)", action: "dynamodb:PutItem", resource: arn("us-east-1"), context: alice({ "dynamodb:LeadingKeys": [openRequestPk(ALICE, "i-1")], "dynamodb:Attributes": ["pk", "sk", "requestId"] }), expected: "ImplicitlyDenied" },
    { what: "a delete of her item's open-request pointer", action: "dynamodb:DeleteItem", resource: arn("us-east-1"), context: alice({ "dynamodb:LeadingKeys": [openRequestPk(ALICE, "i-1")] }), expected: "ImplicitlyDenied" },
    { what: "an update of an approval decision", action: "dynamodb:UpdateItem", resource: arn("eu-west-1"), context: alice({ "dynamodb:LeadingKeys": ["REQUEST#r-1"], "dynamodb:Attributes": ["status", "decidedBy"] }), expected: "ImplicitlyDenied" },
    { what: "her own row put into the approvers' queue (gsi1pk)", action: "dynamodb:PutItem", resource: arn("us-east-1"), context: alice({ "dynamodb:LeadingKeys": [`USER#${ALICE}`], "dynamodb:Attributes": ["pk", "sk", "gsi1pk", "gsi1sk"] }), expected: "ExplicitlyDenied" },
    { what: "a write to the control partition (drain flag)", action: "dynamodb:PutItem", resource: arn("us-east-1"), context: alice({ "dynamodb:LeadingKeys": ["CONTROL"], "dynamodb:Attributes": ["pk", "sk", "drained"] }), expected: "ImplicitlyDenied" },
    { what: "a table in another account", action: "dynamodb:GetItem", resource: `arn:aws:dynamodb:us-east-1:999999999999:table/${TABLE}`, context: alice({ "dynamodb:LeadingKeys": [`USER#${ALICE}`] }), expected: "ImplicitlyDenied" },
    { what: "PartiQL on her partition", action: "dynamodb:PartiQLSelect", resource: arn("us-east-1"), context: alice({ "dynamodb:LeadingKeys": [`USER#${ALICE}`] }), expected: "ImplicitlyDenied" },
];

describe("Identity (prod stack)", () => {
    let run: ProgramRun;
    let policy: any;
    before(async () => {
        run = await runStack("prod");
        policy = JSON.parse(byName(run.resources, "aws:iam/rolePolicy:RolePolicy", "identity-own-rows").inputs.policy);
    });

    const POOL = "aws-native:cognito:UserPool";
    const regionOf = (r: RecordedResource) => run.cloud.regionOf(r.inputs, r.provider);

    it("creates one user pool, in the home region, with email sign-in, MFA, threat protection and deletion protection", () => {
        const pools = ofType(run.resources, POOL);
        expect(pools).to.have.length(1);
        expect(ofType(run.resources, "aws:cognito/userPool:UserPool")).to.have.length(0);
        const p = pools[0].inputs;
        expect(regionOf(pools[0])).to.equal("us-east-1");
        expect(p.usernameAttributes).to.deep.equal(["email"]);
        expect(p.mfaConfiguration).to.equal("ON");
        expect(p.enabledMfas).to.deep.equal(["SOFTWARE_TOKEN_MFA"]);
        expect(p.userPoolTier).to.equal("PLUS");
        expect(p.userPoolAddOns).to.deep.equal({ advancedSecurityMode: "ENFORCED" });
        expect(p.deletionProtection).to.equal("ACTIVE");
        expect(p.policies.passwordPolicy).to.deep.equal({
            minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true,
            temporaryPasswordValidityDays: 3, passwordHistorySize: 5,
        });
        expect(p.accountRecoverySetting).to.deep.equal({ recoveryMechanisms: [{ name: "verified_email", priority: 1 }] });
        expect(p.userPoolTags).to.deep.include({ environment: "prod", stack: "prod" });
        expect(pools[0].protect).to.equal(true);
        expect(pools[0].retainOnDelete).to.equal(true);
    });

    it("keeps the ORIGINAL issuer (API Gateway's Cognito authorizers do not accept the updated one)", () => {
        expect(ofType(run.resources, POOL)[0].inputs.issuerConfiguration).to.deep.equal({ type: "ORIGINAL" });
    });

    it("encrypts the pool with a multi-Region key (primary in us-east-1, replica key in eu-west-1), rotating, protected, usable by Cognito only in its region", () => {
        const key = byName(run.resources, "aws:kms/key:Key", "identity-users-key");
        expect(key.inputs).to.deep.include({ region: "us-east-1", multiRegion: true, enableKeyRotation: true, deletionWindowInDays: 30 });
        expect(key.id).to.match(/^mrk-[0-9a-f]{32}$/);
        expect([key.protect, key.retainOnDelete]).to.deep.equal([true, true]);
        const replicaKey = byName(run.resources, "aws:kms/replicaKey:ReplicaKey", "identity-eu-west-1-users-key");
        expect(replicaKey.inputs).to.deep.include({ region: "eu-west-1", primaryKeyArn: key.state.arn, deletionWindowInDays: 30 });
        expect(replicaKey.state.arn).to.equal(key.state.arn.replace(":us-east-1:", ":eu-west-1:"));
        expect([replicaKey.protect, replicaKey.retainOnDelete]).to.deep.equal([true, true]);
        for (const [k, region] of [[key, "us-east-1"], [replicaKey, "eu-west-1"]] as const) {
            expect(JSON.parse(k.inputs.policy).Statement[1]).to.deep.equal({
                Sid: "UseThroughServices", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"], Resource: "*",
                Condition: { StringEquals: { "kms:CallerAccount": MOCK_ACCOUNT_ID, "kms:ViaService": [`cognito-idp.${region}.amazonaws.com`] } },
            });
        }
        expect(ofType(run.resources, POOL)[0].inputs.keyConfiguration).to.deep.equal({ keyType: "CUSTOMER_MANAGED_KEY", kmsKeyArn: key.state.arn });
    });

    it("replicates the pool to eu-west-1 through the home region and sets the replica ACTIVE in its own region", () => {
        const pool = ofType(run.resources, POOL)[0];
        const replicas = ofType(run.resources, "aws-native:cognito:UserPoolReplica");
        expect(replicas.map(r => [r.inputs.userPoolId, r.inputs.regionName, regionOf(r)])).to.deep.equal([[pool.state.userPoolId, "eu-west-1", "us-east-1"]]);
        const settings = ofType(run.resources, "aws-native:cognito:UserPoolRegionalConfigurationAttachment");
        expect(settings.map(s => [s.inputs.userPoolId, s.inputs.status, regionOf(s)])).to.deep.equal([[pool.state.userPoolId, "ACTIVE", "eu-west-1"]]);
        // Exactly the providers aws-native needs: one per region it creates resources in.
        expect(ofType(run.resources, "pulumi:providers:aws-native").map(p => p.inputs.region).sort()).to.deep.equal(["eu-west-1", "us-east-1"]);
    });

    it("serves sign-in at auth.example.com, failing over to the replica when the home region's API health check fails", () => {
        const pool = ofType(run.resources, POOL)[0];
        const domain = byName(run.resources, "aws-native:cognito:UserPoolDomain", "sign-in-domain");
        const cert = byName(run.resources, "aws:acm/certificate:Certificate", "sign-in-cert");
        expect(cert.inputs).to.deep.include({ region: "us-east-1", domainName: "auth.example.com", validationMethod: "DNS" });
        expect(byName(run.resources, "aws:acm/certificateValidation:CertificateValidation", "sign-in-cert-validation").inputs.region).to.equal("us-east-1");
        expect(regionOf(domain)).to.equal("us-east-1");
        expect(domain.inputs).to.deep.equal({
            domain: "auth.example.com",
            userPoolId: pool.state.userPoolId,
            customDomainConfig: { certificateArn: cert.state.arn, securityPolicy: "TLS_V1_2_2021" },
            routing: { failover: { secondaryRegion: "eu-west-1", primaryRoute53HealthCheckId: byName(run.resources, "aws:route53/healthCheck:HealthCheck", "api-us-east-1-health").id } },
        });
        const alias = byName(run.resources, "aws:route53/record:Record", "sign-in-alias").inputs;
        expect(alias).to.deep.include({ name: "auth.example.com", type: "A" });
        expect(alias.aliases).to.deep.equal([{ name: domain.state.cloudFrontDistribution, zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }]);
        expect(run.outputs.signInUrl).to.equal("https://auth.example.com");
        expect(run.outputs.userPoolReplicaRegion).to.equal("eu-west-1");
        expect(run.outputs.userPoolIssuers).to.deep.equal(["us-east-1", "eu-west-1"].map(r => `https://cognito-idp.${r}.amazonaws.com/${pool.state.userPoolId}`));
    });

    it("admits only users an administrator creates (self sign-up off in prod), and keeps Cognito's sender until SES is configured", () => {
        const p = ofType(run.resources, POOL)[0].inputs;
        expect(p.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: true });
        expect(p.emailConfiguration).to.equal(undefined);
    });

    it("sets the app client's token lifetimes from config (defaults: 60 min, 60 min, 30 days)", () => {
        const c = byName(run.resources, "aws:cognito/userPoolClient:UserPoolClient", "identity-app").inputs;
        expect(c).to.deep.include({
            accessTokenValidity: 60, idTokenValidity: 60, refreshTokenValidity: 30,
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
        });
    });

    it("has a public app client (no secret, SRP + refresh) and the approvers group", () => {
        const c = byName(run.resources, "aws:cognito/userPoolClient:UserPoolClient", "identity-app").inputs;
        expect(c.generateSecret).to.equal(false);
        expect(c.explicitAuthFlows).to.deep.equal(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        // The same constant the approval API checks the `cognito:groups` claim against.
        expect(byName(run.resources, "aws:cognito/userGroup:UserGroup", "identity-approvers").inputs.name).to.equal(APPROVERS_GROUP).and.to.equal("approvers");
    });

    it("has an identity pool trusting both regions' issuers, a sub principal tag for each and a role attachment in every region, guests off", () => {
        const userPool = ofType(run.resources, POOL)[0];
        const home = `cognito-idp.us-east-1.amazonaws.com/${userPool.state.userPoolId}`;
        const replica = `cognito-idp.eu-west-1.amazonaws.com/${userPool.state.userPoolId}`;
        expect(userPool.state.providerName).to.equal(home);
        const clientId = byName(run.resources, "aws:cognito/userPoolClient:UserPoolClient", "identity-app").id;
        for (const region of REGIONS) {
            const pool = byName(run.resources, "aws:cognito/identityPool:IdentityPool", `identity-${region}-identities`);
            expect(pool.inputs.region).to.equal(region);
            expect(pool.inputs.allowUnauthenticatedIdentities).to.equal(false);
            expect(pool.inputs.allowClassicFlow).to.equal(false);
            expect(pool.inputs.cognitoIdentityProviders).to.deep.equal([
                { clientId, providerName: home, serverSideTokenCheck: true },
                { clientId, providerName: replica, serverSideTokenCheck: true },
            ]);
            const tag = byName(run.resources, "aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag", `identity-${region}-sub-tag`).inputs;
            expect(tag).to.deep.include({ region, identityPoolId: pool.id, identityProviderName: home, principalTags: { sub: "sub" }, useDefaults: false });
            const replicaTag = byName(run.resources, "aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag", `identity-${region}-sub-tag-eu-west-1`).inputs;
            expect(replicaTag).to.deep.include({ region, identityPoolId: pool.id, identityProviderName: replica, principalTags: { sub: "sub" }, useDefaults: false });
            const attachment = byName(run.resources, "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment", `identity-${region}-roles`).inputs;
            expect(attachment.identityPoolId).to.equal(pool.id);
            expect(attachment.roles).to.deep.equal({ authenticated: byName(run.resources, "aws:iam/role:Role", "identity-authenticated").state.arn });
        }
    });

    it("trusts exactly the three regional pools, authenticated identities only, with sts:TagSession", () => {
        const trust = JSON.parse(byName(run.resources, "aws:iam/role:Role", "identity-authenticated").inputs.assumeRolePolicy);
        const poolIds = REGIONS.map(r => byName(run.resources, "aws:cognito/identityPool:IdentityPool", `identity-${r}-identities`).id);
        expect(trust).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{
                Sid: "AuthenticatedIdentitiesOfPlatformPools",
                Effect: "Allow",
                Principal: { Federated: "cognito-identity.amazonaws.com" },
                Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
                Condition: {
                    "StringEquals": { "cognito-identity.amazonaws.com:aud": poolIds },
                    "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
                },
            }],
        });
    });

    it("generates the row-level policy verbatim", () => {
        const tables = REGIONS.map(r => arn(r));
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "OwnRowsInEveryRegion",
                    Effect: "Allow",
                    Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"],
                    Resource: [...tables, ...tables.map(t => `${t}/index/*`)],
                    Condition: {
                        "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["USER#${aws:PrincipalTag/sub}"] },
                        "Null": { "dynamodb:LeadingKeys": "false" },
                    },
                },
                {
                    Sid: "NoApprovalQueueAttributes",
                    Effect: "Deny",
                    Action: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
                    Resource: tables,
                    Condition: { "ForAnyValue:StringEquals": { "dynamodb:Attributes": ["gsi1pk", "gsi1sk"] } },
                },
            ],
        });
    });

    describe("identity options under other configs", () => {
        const EMAIL = { sesIdentityArn: `arn:aws:ses:us-east-1:${MOCK_ACCOUNT_ID}:identity/example.com`, from: "Platform <no-reply@example.com>", replyTo: "support@example.com", configurationSet: "platform-auth" };
        let custom: ProgramRun;
        before(async () => {
            custom = await runStack("prod", { identity: { mfa: "required", featurePlan: "PLUS", threatProtection: "enforced", selfSignUp: true, email: EMAIL, accessTokenMinutes: 15, idTokenMinutes: 240, refreshTokenDays: 7 } });
        });

        it("sends through the SES identity (DEVELOPER account) when identity.email is set", () => {
            expect(ofType(custom.resources, POOL)[0].inputs.emailConfiguration).to.deep.equal({
                emailSendingAccount: "DEVELOPER", sourceArn: EMAIL.sesIdentityArn, from: EMAIL.from,
                replyToEmailAddress: EMAIL.replyTo, configurationSet: EMAIL.configurationSet,
            });
        });

        it("opens sign-up only when identity.selfSignUp is true", () => {
            expect(ofType(custom.resources, POOL)[0].inputs.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: false });
        });

        it("passes configured token lifetimes to the app client", () => {
            expect(byName(custom.resources, "aws:cognito/userPoolClient:UserPoolClient", "identity-app").inputs).to.deep.include({ accessTokenValidity: 15, idTokenValidity: 240, refreshTokenValidity: 7 });
        });

        it("dev opens self sign-up by default, and has no replica, no customer-managed key, one issuer", async () => {
            const dev = await runStack("dev");
            const pool = ofType(dev.resources, POOL)[0];
            expect(pool.inputs.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: false });
            expect(pool.inputs.keyConfiguration).to.equal(undefined);
            expect(pool.inputs.issuerConfiguration).to.deep.equal({ type: "ORIGINAL" });
            for (const type of ["aws-native:cognito:UserPoolReplica", "aws-native:cognito:UserPoolRegionalConfigurationAttachment", "aws:kms/replicaKey:ReplicaKey", "aws-native:cognito:UserPoolDomain"]) {
                expect(ofType(dev.resources, type), type).to.have.length(0);
            }
            expect(ofType(dev.resources, "pulumi:providers:aws-native").map(p => p.inputs.region)).to.deep.equal(["us-east-1"]);
            expect(byName(dev.resources, "aws:cognito/identityPool:IdentityPool", "identity-eu-west-1-identities").inputs.cognitoIdentityProviders).to.have.length(1);
            expect(dev.outputs.userPoolIssuers).to.deep.equal([`https://cognito-idp.us-east-1.amazonaws.com/${pool.state.userPoolId}`]);
            expect(dev.outputs.signInUrl).to.equal(null);
        });

        it("replicates to the configured region (identity.replicaRegion), or not at all with none", async () => {
            const seoul = await runStack("prod", { identity: { mfa: "required", featurePlan: "PLUS", threatProtection: "enforced", replicaRegion: "ap-northeast-2" } });
            expect(ofType(seoul.resources, "aws-native:cognito:UserPoolReplica").map(r => r.inputs.regionName)).to.deep.equal(["ap-northeast-2"]);
            expect(ofType(seoul.resources, "aws:kms/replicaKey:ReplicaKey").map(r => r.inputs.region)).to.deep.equal(["ap-northeast-2"]);
            expect(byName(seoul.resources, "aws-native:cognito:UserPoolDomain", "sign-in-domain").inputs.routing.failover.secondaryRegion).to.equal("ap-northeast-2");
            const none = await runStack("prod", { identity: { mfa: "required", featurePlan: "PLUS", threatProtection: "enforced", replicaRegion: "none" } });
            expect(ofType(none.resources, "aws-native:cognito:UserPoolReplica")).to.have.length(0);
            expect(byName(none.resources, "aws-native:cognito:UserPoolDomain", "sign-in-domain").inputs.routing).to.equal(undefined);
        });
    });

    describe("validateIdentityArgs", () => {
        const base = { regions: ["us-east-1", "eu-west-1"], namePrefix: "p", accountId: MOCK_ACCOUNT_ID, tableName: "t" };
        it("accepts the defaults and a consistent SES setting", () => {
            expect(validateIdentityArgs(base)).to.deep.equal([]);
            expect(validateIdentityArgs({ ...base, email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/ops@example.com" } })).to.deep.equal([]);
        });
        it("refuses a replica in the home region, outside the stack's regions, or without MRR's feature plans", () => {
            expect(validateIdentityArgs({ ...base, replicaRegion: "eu-west-1" })).to.deep.equal([]);
            expect(validateIdentityArgs({ ...base, replicaRegion: "us-east-1" })).to.deep.equal([
                "replicaRegion is the home region us-east-1; the replica must be in another region (the primary pool lives in the home region)",
            ]);
            expect(validateIdentityArgs({ ...base, replicaRegion: "ap-south-1", featurePlan: "LITE" as any })).to.deep.equal([
                "replicaRegion ap-south-1 is not one of the stack's regions (us-east-1, eu-west-1): the replica serves sign-in where the platform runs",
                "replicaRegion needs the Essentials or Plus feature plan (got LITE): Cognito has no multi-Region replication on Lite",
            ]);
        });
        it("names every field outside Cognito's limits or the SES rules", () => {
            expect(validateIdentityArgs({
                ...base,
                email: { sesIdentityArn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com", from: "no-reply@example.org" },
                tokenValidity: { accessMinutes: 4, idMinutes: 1441, refreshDays: 3651 },
            })).to.deep.equal([
                "email.sesIdentityArn is in eu-west-1; use an SES identity in the user pool's region us-east-1",
                "email.from no-reply@example.org is not covered by the SES identity example.com (use an address @example.com)",
                "tokenValidity.accessMinutes 4 must be a whole number from 5 to 1440",
                "tokenValidity.idMinutes 1441 must be a whole number from 5 to 1440",
                "tokenValidity.refreshDays 3651 must be a whole number from 1 to 3650",
            ]);
        });
    });

    describe("validateSignInDomainArgs", () => {
        it("wants a name inside the zone, and a health check to fail over on when there is a replica", () => {
            expect(validateSignInDomainArgs({ domainName: "auth.example.com", zoneName: "example.com", replicaRegion: "eu-west-1", primaryHealthCheckId: "hc" })).to.deep.equal([]);
            expect(validateSignInDomainArgs({ domainName: "example.com", zoneName: "example.com", replicaRegion: "eu-west-1" })).to.deep.equal([
                "domainName example.com must be a name inside the hosted zone example.com (e.g. auth.example.com)",
                "primaryHealthCheckId is required with replicaRegion: the domain fails over when that health check is unhealthy",
            ]);
        });
    });

    describe("simulated requests against the generated policy", () => {
        for (const row of ROWS) {
            it(`${row.expected === "Allowed" ? "allows" : "denies"} ${row.what}`, () => {
                expect(simulate(policy, row.action, row.resource, row.context)).to.equal(row.expected);
            });
        }
    });

    describe("the simulator catches a weakened policy", () => {
        const weaken = (mutate: (statement: any) => void) => {
            const p = buildRowLevelPolicy(REGIONS, MOCK_ACCOUNT_ID, TABLE) as any;
            const copy = JSON.parse(JSON.stringify(p));
            mutate(copy.Statement[0]);
            return copy;
        };
        it("without the Null guard, a request with no leading key is allowed", () => {
            const weak = weaken(s => { delete s.Condition.Null; });
            expect(simulate(weak, "dynamodb:GetItem", arn("us-east-1"), alice())).to.equal("Allowed");
        });
        it("without the LeadingKeys condition, Bob's partition is allowed", () => {
            const weak = weaken(s => { delete s.Condition["ForAllValues:StringEquals"]; });
            expect(simulate(weak, "dynamodb:GetItem", arn("us-east-1"), alice({ "dynamodb:LeadingKeys": [`USER#${BOB}`] }))).to.equal("Allowed");
        });
        it("with dynamodb:* instead of the item actions, Scan is allowed", () => {
            const weak = weaken(s => { s.Action = ["dynamodb:*"]; delete s.Condition.Null; delete s.Condition["ForAllValues:StringEquals"]; });
            expect(simulate(weak, "dynamodb:Scan", arn("us-east-1"), alice())).to.equal("Allowed");
        });
    });
});
