/**
 * The deploy role's documents (scripts/lib/deployPolicy.ts) against the plans they are generated
 * from: every resource type the program creates has its grant, the documents fit IAM's limits,
 * nothing is granted on `*` that supports a resource, and the trust policy admits exactly this
 * repository's deploy environments (or its pull requests, for the preview role).
 */
import { expect } from "chai";
import { runStack } from "./helpers/pulumiMocks";
import { buildPlan, PlanResource } from "../scripts/lib/planModel";
import {
    buildDeployPolicies, buildPreviewPolicies, buildTrustPolicy, DeployPolicyError, IamPolicy, MANAGED_POLICY_MAX_CHARS, policySize,
    RESOURCE_GRANTS, uncoveredTypes,
} from "../scripts/lib/deployPolicy";

const ACCOUNT = "111122223333";
const REPO = "acme/platform";

/** Every action a document set grants on `resource`-scoped statements, as "action" strings. */
const allowed = (docs: readonly IamPolicy[]) => docs.flatMap(d => d.Statement).filter(s => s.Effect === "Allow");

describe("deploy role policies, generated from the plans", function () {
    this.timeout(120_000);
    const plans: Record<string, PlanResource[]> = {};

    before(async () => {
        plans.dev = buildPlan(await runStack("dev")).resources;
        plans.prod = buildPlan(await runStack("prod")).resources;
        // The optional features that add resource types: the account-wide backup region settings, the FIS drills.
        plans.options = buildPlan(await runStack("dev", {
            backup: { copyRegion: "us-west-2", dailyRetentionDays: 7, vaultLock: false, manageRegionSettings: true },
            drills: { fis: true },
        })).resources;
    });

    const regionsOf = (resources: readonly PlanResource[]) => [...new Set(resources.map(r => r.region).filter((r): r is string => !!r))];
    const awsTypes = (resources: readonly PlanResource[]) => new Set(resources.map(r => r.type).filter(t => t.startsWith("aws:") || t.startsWith("aws-native:")));

    it("has a grant for every AWS resource type of the dev and prod plans and of the optional features", () => {
        for (const [stack, resources] of Object.entries(plans)) expect(uncoveredTypes(resources.map(r => r.type)), stack).to.deep.equal([]);
    });

    it("grants nothing for types no plan creates (the table follows the program, not the other way round)", () => {
        const planned = new Set(Object.values(plans).flatMap(r => [...awsTypes(r)]));
        expect(Object.keys(RESOURCE_GRANTS).filter(t => !planned.has(t))).to.deep.equal([]);
    });

    it("the check catches a type without a grant", () => {
        const resources = [...plans.dev, { type: "aws:ec2/instance:Instance", name: "x", region: "us-east-1", inputs: {} } as unknown as PlanResource];
        expect(uncoveredTypes(resources.map(r => r.type))).to.deep.equal(["aws:ec2/instance:Instance"]);
        expect(() => buildDeployPolicies(resources, { accountId: ACCOUNT, regions: regionsOf(resources) })).to.throw(DeployPolicyError, "no grant for aws:ec2/instance:Instance");
    });

    for (const stack of ["dev", "prod"]) {
        describe(`${stack} plan`, () => {
            let docs: IamPolicy[];
            before(() => { docs = buildDeployPolicies(plans[stack], { accountId: ACCOUNT, regions: regionsOf(plans[stack]) }); });

            it("contains every action of every planned type's grant", () => {
                const actions = new Set(allowed(docs).flatMap(s => s.Action));
                for (const type of awsTypes(plans[stack])) {
                    const grant = RESOURCE_GRANTS[type];
                    for (const a of [...grant.actions, ...(grant.unscoped ?? [])]) expect(actions.has(a), `${type}: ${a}`).to.equal(true);
                }
            });

            it("fits IAM: each document within a managed policy's 6,144 characters, at most 10 documents per role", () => {
                expect(docs.length).to.be.within(1, 10);
                for (const d of docs) expect(policySize(d)).to.be.at.most(MANAGED_POLICY_MAX_CHARS);
            });

            it("never grants a service wildcard or '*' as an action, and uses Resource '*' only for actions without resource-level permissions", () => {
                const unscoped = new Set(Object.values(RESOURCE_GRANTS).flatMap(g => g.unscoped ?? []));
                for (const s of allowed(docs)) {
                    for (const a of s.Action) expect(a, s.Sid).to.match(/^[a-z0-9-]+:[A-Za-z]+$/);
                    if ([s.Resource].flat().includes("*")) for (const a of s.Action) expect(unscoped.has(a), `${s.Sid}: ${a} on *`).to.equal(true);
                }
            });

            it("scopes every resource ARN to this account (or to AWS-owned managed rule groups) and every service statement to the plan's regions", () => {
                const regions = regionsOf(plans[stack]);
                for (const s of allowed(docs)) {
                    for (const arn of [s.Resource].flat() as string[]) {
                        if (arn === "*" || arn.startsWith("arn:aws:apigateway:") || arn.startsWith("arn:aws:route53:::") || arn.startsWith("arn:aws:s3:::") || arn === "arn:aws:wafv2:*:*:regional/managedruleset/*/*") continue;
                        expect(arn.split(":")[4], `${s.Sid}: ${arn}`).to.equal(ACCOUNT);
                    }
                    const requested = s.Condition?.StringEquals?.["aws:RequestedRegion"];
                    if (s.Action.every(a => a.startsWith("iam:"))) continue; // PassRole / service-linked roles: conditioned on the service instead
                    expect(requested, s.Sid).to.be.an("array");
                    for (const r of requested as string[]) expect([...regions, "us-east-1"], s.Sid).to.include(r);
                }
            });

            it("names the program's resources where AWS puts the name in the ARN, one pattern for every region", () => {
                const statement = (sid: string) => allowed(docs).find(s => s.Sid === sid)!;
                expect(statement("DynamodbTable").Resource).to.deep.equal([`arn:aws:dynamodb:*:${ACCOUNT}:table/platform-${stack}`, `arn:aws:dynamodb:*:${ACCOUNT}:table/platform-${stack}/*`]);
                expect(statement("LambdaFunction").Resource).to.deep.equal(["approval-notify", "approval-worker", "approvals", "conflict-detector", "health", "items"].map(f => `arn:aws:lambda:*:${ACCOUNT}:function:platform-${stack}-*-${f}`));
                expect(statement("SfnStateMachine").Resource).to.deep.equal([`arn:aws:states:*:${ACCOUNT}:stateMachine:platform-${stack}-*-approval`]);
                // The table's statement reaches every replica region: DynamoDB checks the caller there when it creates a replica.
                expect(statement("DynamodbTable").Condition!.StringEquals["aws:RequestedRegion"]).to.deep.equal([...regionsOf(plans[stack]).filter(r => r !== "us-west-2")].sort());
            });

            it("lets the role pass roles only to the services that assume them, and attach only AWS service-role policies", () => {
                const pass = allowed(docs).find(s => s.Sid === "PassRolesToTheirServices")!;
                expect(pass.Condition).to.deep.equal({ StringEquals: { "iam:PassedToService": ["lambda.amazonaws.com", "states.amazonaws.com", "apigateway.amazonaws.com", "backup.amazonaws.com", "cognito-identity.amazonaws.com", "s3.amazonaws.com"] } });
                const deny = docs.flatMap(d => d.Statement).find(s => s.Sid === "AttachOnlyServiceRolePolicies")!;
                expect(deny).to.deep.equal({
                    Sid: "AttachOnlyServiceRolePolicies", Effect: "Deny", Action: ["iam:AttachRolePolicy"], Resource: [`arn:aws:iam::${ACCOUNT}:role/*`],
                    Condition: { ArnNotLike: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/service-role/*"] } },
                });
            });

            it("the preview role gets the read actions only, never item reads", () => {
                const preview = buildPreviewPolicies(docs);
                const actions = allowed(preview).flatMap(s => s.Action);
                expect(actions.length).to.be.greaterThan(20);
                for (const a of actions) expect(a).to.match(/^([a-z0-9-]+:(Describe|Get|List)|apigateway:GET$)/);
                expect(actions).to.not.include.members(["dynamodb:GetItem"]);
                expect(actions).to.not.include("dynamodb:Query");
            });
        });
    }

    it("refuses a malformed account id", () => {
        expect(() => buildDeployPolicies(plans.dev, { accountId: "1234", regions: ["us-east-1"] })).to.throw(DeployPolicyError, 'account id "1234" must be 12 digits');
    });

    describe("trust policies", () => {
        it("the deploy role trusts this repository's deploy environments through GitHub's OIDC provider, nothing else", () => {
            expect(buildTrustPolicy({ accountId: ACCOUNT, repository: REPO, environments: ["development", "production"] })).to.deep.equal({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "GitHubActionsOfThisRepository",
                    Effect: "Allow",
                    Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
                    Action: ["sts:AssumeRoleWithWebIdentity"],
                    Condition: {
                        StringEquals: {
                            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                            "token.actions.githubusercontent.com:sub": ["repo:acme/platform:environment:development", "repo:acme/platform:environment:production"],
                        },
                    },
                }],
            });
        });

        it("the preview role trusts pull requests of this repository; a branch can be named for jobs without an environment", () => {
            const subjects = (p: IamPolicy) => p.Statement[0].Condition!.StringEquals["token.actions.githubusercontent.com:sub"];
            expect(subjects(buildTrustPolicy({ accountId: ACCOUNT, repository: REPO, pullRequests: true }))).to.deep.equal(["repo:acme/platform:pull_request"]);
            expect(subjects(buildTrustPolicy({ accountId: ACCOUNT, repository: REPO, branches: ["main"] }))).to.deep.equal(["repo:acme/platform:ref:refs/heads/main"]);
        });

        it("refuses what would trust too much or nothing", () => {
            expect(() => buildTrustPolicy({ accountId: ACCOUNT, repository: "acme/*", environments: ["production"] })).to.throw(DeployPolicyError, 'repository "acme/*" must be owner/name');
            expect(() => buildTrustPolicy({ accountId: ACCOUNT, repository: REPO })).to.throw(DeployPolicyError, "name at least one environment, branch or pull requests");
        });
    });
});
