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
import { byName, MOCK_ACCOUNT_ID, ofType, runStack } from "../helpers/pulumiMocks";
import type { ProgramRun } from "../../scripts/lib/runProgram";
import { buildRowLevelPolicy } from "../../components/logic/identityPolicy";
import { openRequestPk } from "../../handlers/shared/keys";
import { APPROVERS_GROUP } from "../../handlers/shared/groups";
import { validateIdentityArgs } from "../../components/identity";

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

    it("creates one user pool, in the home region, with email sign-in, MFA, threat protection and deletion protection", () => {
        const pools = ofType(run.resources, "aws:cognito/userPool:UserPool");
        expect(pools).to.have.length(1);
        const p = pools[0].inputs;
        expect(p.region).to.equal("us-east-1");
        expect(p.usernameAttributes).to.deep.equal(["email"]);
        expect(p.mfaConfiguration).to.equal("ON");
        expect(p.softwareTokenMfaConfiguration).to.deep.equal({ enabled: true });
        expect(p.userPoolTier).to.equal("PLUS");
        expect(p.userPoolAddOns).to.deep.equal({ advancedSecurityMode: "ENFORCED" });
        expect(p.deletionProtection).to.equal("ACTIVE");
        expect(p.accountRecoverySetting).to.deep.equal({ recoveryMechanisms: [{ name: "verified_email", priority: 1 }] });
        expect(pools[0].protect).to.equal(true);
    });

    it("admits only users an administrator creates (self sign-up off in prod), and keeps Cognito's sender until SES is configured", () => {
        const p = ofType(run.resources, "aws:cognito/userPool:UserPool")[0].inputs;
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

    it("has an identity pool, a sub principal tag and a role attachment in every region, guests off", () => {
        const userPool = ofType(run.resources, "aws:cognito/userPool:UserPool")[0];
        for (const region of REGIONS) {
            const pool = byName(run.resources, "aws:cognito/identityPool:IdentityPool", `identity-${region}-identities`);
            expect(pool.inputs.region).to.equal(region);
            expect(pool.inputs.allowUnauthenticatedIdentities).to.equal(false);
            expect(pool.inputs.allowClassicFlow).to.equal(false);
            expect(pool.inputs.cognitoIdentityProviders[0].providerName).to.equal(userPool.state.endpoint);
            const tag = byName(run.resources, "aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag", `identity-${region}-sub-tag`).inputs;
            expect(tag).to.deep.include({ region, identityPoolId: pool.id, identityProviderName: userPool.state.endpoint, principalTags: { sub: "sub" }, useDefaults: false });
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
            expect(ofType(custom.resources, "aws:cognito/userPool:UserPool")[0].inputs.emailConfiguration).to.deep.equal({
                emailSendingAccount: "DEVELOPER", sourceArn: EMAIL.sesIdentityArn, fromEmailAddress: EMAIL.from,
                replyToEmailAddress: EMAIL.replyTo, configurationSet: EMAIL.configurationSet,
            });
        });

        it("opens sign-up only when identity.selfSignUp is true", () => {
            expect(ofType(custom.resources, "aws:cognito/userPool:UserPool")[0].inputs.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: false });
        });

        it("passes configured token lifetimes to the app client", () => {
            expect(byName(custom.resources, "aws:cognito/userPoolClient:UserPoolClient", "identity-app").inputs).to.deep.include({ accessTokenValidity: 15, idTokenValidity: 240, refreshTokenValidity: 7 });
        });

        it("dev opens self sign-up by default", async () => {
            const dev = await runStack("dev");
            expect(ofType(dev.resources, "aws:cognito/userPool:UserPool")[0].inputs.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: false });
        });
    });

    describe("validateIdentityArgs", () => {
        const base = { regions: ["us-east-1", "eu-west-1"], namePrefix: "p", accountId: MOCK_ACCOUNT_ID, tableName: "t" };
        it("accepts the defaults and a consistent SES setting", () => {
            expect(validateIdentityArgs(base)).to.deep.equal([]);
            expect(validateIdentityArgs({ ...base, email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/ops@example.com" } })).to.deep.equal([]);
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
