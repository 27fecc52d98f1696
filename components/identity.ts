import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildIdentityTrustPolicy, buildRowLevelPolicy, SUB_TAG } from "./logic/identityPolicy";
import { APPROVERS_GROUP } from "../handlers/shared/groups";
import { DEFAULT_TOKEN_VALIDITY, SesEmail, sesEmailProblems, TokenValidity, tokenValidityProblems } from "./logic/cognito";

/** Arguments of {@link Identity}. */
export interface IdentityArgs {
    /** Regions, home first: the user pool lives in the home region, an identity pool in each. Decides which resources exist. */
    readonly regions: readonly string[];
    /** Name prefix of the pools and the role, e.g. `platform-prod`. */
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    /** The global table's name (the same in every region). */
    readonly tableName: pulumi.Input<string>;
    /** `required` = MFA ON (TOTP); `optional` = users may enrol TOTP. @default "required" */
    readonly mfa?: "optional" | "required";
    /** Cognito feature plan; threat protection needs PLUS. @default "ESSENTIALS" */
    readonly featurePlan?: "ESSENTIALS" | "PLUS";
    /** Threat protection (advanced security) mode. @default "off" */
    readonly threatProtection?: "off" | "audit" | "enforced";
    /** Refuse DeleteUserPool. @default true */
    readonly deletionProtection?: boolean;
    /**
     * Let anyone create an account with SignUp. Off, only administrators create users
     * (`AdminCreateUser` sends an invitation with a temporary password). @default false
     */
    readonly selfSignUp?: boolean;
    /** Send the pool's email through this verified SES identity. @default Cognito's built-in sender (small daily quota) */
    readonly email?: SesEmail;
    /** Lifetimes of the app client's tokens. @default {@link DEFAULT_TOKEN_VALIDITY} (60 min, 60 min, 30 days) */
    readonly tokenValidity?: TokenValidity;
    /** Keep the user pool on `pulumi destroy` (users' accounts are data). @default false */
    readonly protectData?: boolean;
    readonly tags?: Record<string, string>;
}

/** Problems with {@link IdentityArgs}, one line each, naming the field. Empty when valid. */
export function validateIdentityArgs(args: IdentityArgs): string[] {
    const problems: string[] = [];
    if (args.regions.length === 0) problems.push("regions must list at least the home region");
    if (new Set(args.regions).size !== args.regions.length) problems.push(`regions [${args.regions.join(", ")}] list a region twice`);
    if (args.threatProtection && args.threatProtection !== "off" && args.featurePlan !== "PLUS") {
        problems.push(`threatProtection "${args.threatProtection}" needs featurePlan "PLUS"`);
    }
    if (args.email) for (const p of sesEmailProblems(args.email, args.regions[0])) problems.push(`email.${p.field} ${p.message}`);
    if (args.tokenValidity) for (const p of tokenValidityProblems(args.tokenValidity)) problems.push(`tokenValidity.${p.field} ${p.message}`);
    return problems;
}

/**
 * Sign-in and row-level AWS credentials (docs/design.md, decision 3): one user pool in the home region
 * (email sign-in, MFA, threat protection where the plan allows), an SPA/mobile app client, the
 * `approvers` group, and one identity pool per region that maps the token's `sub` to a principal
 * tag. One authenticated role trusts every regional pool: whichever region a client signs in
 * through, its credentials carry the same `sub` tag and reach the same rows in every region.
 */
export class Identity extends pulumi.ComponentResource {
    public readonly userPoolId: pulumi.Output<string>;
    public readonly userPoolArn: pulumi.Output<string>;
    /** `cognito-idp.<home>.amazonaws.com/<pool id>`: the issuer API authorizers and identity pools trust. */
    public readonly userPoolEndpoint: pulumi.Output<string>;
    public readonly clientId: pulumi.Output<string>;
    /** Identity pool id per region. */
    public readonly identityPoolIds: Record<string, pulumi.Output<string>>;
    public readonly authenticatedRoleArn: pulumi.Output<string>;
    public readonly approversGroup: string = APPROVERS_GROUP;

    constructor(name: string, args: IdentityArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:identity:Identity", name, {}, opts);
        const problems = validateIdentityArgs(args);
        if (problems.length) throw new Error(`Invalid Identity "${name}":\n  - ${problems.join("\n  - ")}`);

        const home = args.regions[0];
        const mfa = args.mfa ?? "required";
        const tokens = args.tokenValidity ?? DEFAULT_TOKEN_VALIDITY;
        const threat = args.threatProtection ?? "off";
        const keep = args.protectData ? { protect: true, retainOnDelete: true } : {};

        const pool = new aws.cognito.UserPool(`${name}-users`, {
            region: home,
            name: `${args.namePrefix}-users`,
            usernameAttributes: ["email"],
            autoVerifiedAttributes: ["email"],
            usernameConfiguration: { caseSensitive: false },
            userPoolTier: args.featurePlan ?? "ESSENTIALS",
            passwordPolicy: {
                minimumLength: 12,
                requireLowercase: true,
                requireUppercase: true,
                requireNumbers: true,
                requireSymbols: true,
                temporaryPasswordValidityDays: 3,
                passwordHistorySize: args.featurePlan === "PLUS" ? 5 : undefined,
            },
            mfaConfiguration: mfa === "required" ? "ON" : "OPTIONAL",
            softwareTokenMfaConfiguration: { enabled: true },
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
            // Self sign-up off by default: an open pool lets anyone mint an identity (and row-level credentials).
            adminCreateUserConfig: { allowAdminCreateUserOnly: !(args.selfSignUp ?? false) },
            // SES for production volumes; without it Cognito's built-in sender and its daily quota.
            emailConfiguration: args.email ? {
                emailSendingAccount: "DEVELOPER",
                sourceArn: args.email.sesIdentityArn,
                fromEmailAddress: args.email.from,
                replyToEmailAddress: args.email.replyTo,
                configurationSet: args.email.configurationSet,
            } : undefined,
            // Threat protection is a Plus feature; without it the add-on must stay unset.
            userPoolAddOns: threat === "off" ? undefined : { advancedSecurityMode: threat === "enforced" ? "ENFORCED" : "AUDIT" },
            deletionProtection: args.deletionProtection ?? true ? "ACTIVE" : "INACTIVE",
            tags: args.tags,
        }, { parent: this, ...keep });

        const client = new aws.cognito.UserPoolClient(`${name}-app`, {
            region: home,
            name: `${args.namePrefix}-app`,
            userPoolId: pool.id,
            // Public client (SPA / mobile): no secret, SRP sign-in and refresh only.
            generateSecret: false,
            explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            preventUserExistenceErrors: "ENABLED",
            enableTokenRevocation: true,
            supportedIdentityProviders: ["COGNITO"],
            accessTokenValidity: tokens.accessMinutes,
            idTokenValidity: tokens.idMinutes,
            refreshTokenValidity: tokens.refreshDays,
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
        }, { parent: this });

        new aws.cognito.UserGroup(`${name}-approvers`, {
            region: home,
            userPoolId: pool.id,
            name: APPROVERS_GROUP,
            description: "May decide approval requests (POST /approvals/{id}/decision)",
        }, { parent: this });

        this.identityPoolIds = {};
        const pools: aws.cognito.IdentityPool[] = [];
        for (const region of args.regions) {
            const idPool = new aws.cognito.IdentityPool(`${name}-${region}-identities`, {
                region,
                identityPoolName: `${args.namePrefix}_${region}`.replace(/[^\w]/g, "_"),
                allowUnauthenticatedIdentities: false,
                allowClassicFlow: false,
                cognitoIdentityProviders: [{ clientId: client.id, providerName: pool.endpoint, serverSideTokenCheck: true }],
                tags: args.tags,
            }, { parent: this });
            new aws.cognito.IdentityPoolProviderPrincipalTag(`${name}-${region}-sub-tag`, {
                region,
                identityPoolId: idPool.id,
                identityProviderName: pool.endpoint,
                principalTags: { [SUB_TAG]: "sub" },
                useDefaults: false,
            }, { parent: this });
            pools.push(idPool);
            this.identityPoolIds[region] = idPool.id;
        }

        const role = new aws.iam.Role(`${name}-authenticated`, {
            name: `${args.namePrefix}-authenticated`,
            description: "End users' credentials from the identity pools: their own rows of the global table, in every region",
            assumeRolePolicy: pulumi.all(pools.map(p => p.id)).apply(ids => JSON.stringify(buildIdentityTrustPolicy(ids))),
            maxSessionDuration: 3600,
            tags: args.tags,
        }, { parent: this });
        new aws.iam.RolePolicy(`${name}-own-rows`, {
            role: role.name,
            policy: pulumi.all([args.accountId, args.tableName]).apply(([accountId, tableName]) =>
                JSON.stringify(buildRowLevelPolicy(args.regions, accountId, tableName))),
        }, { parent: this });

        args.regions.forEach((region, i) => {
            new aws.cognito.IdentityPoolRoleAttachment(`${name}-${region}-roles`, {
                region,
                identityPoolId: pools[i].id,
                roles: { authenticated: role.arn },
            }, { parent: this });
        });

        this.userPoolId = pool.id;
        this.userPoolArn = pool.arn;
        this.userPoolEndpoint = pool.endpoint;
        this.clientId = client.id;
        this.authenticatedRoleArn = role.arn;
        this.registerOutputs({
            userPoolId: this.userPoolId, userPoolArn: this.userPoolArn, userPoolEndpoint: this.userPoolEndpoint, clientId: this.clientId,
            identityPoolIds: this.identityPoolIds, authenticatedRoleArn: this.authenticatedRoleArn, approversGroup: this.approversGroup,
        });
    }
}
