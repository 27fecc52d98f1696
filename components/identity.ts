import * as aws from "@pulumi/aws";
// A subpath, not the package index: the index loads all ~250 service modules of aws-native
// (measured 0.5-0.9 s per process here); the cognito module loads in a few milliseconds.
import * as nativeCognito from "@pulumi/aws-native/cognito";
import * as pulumi from "@pulumi/pulumi";
import { buildIdentityTrustPolicy, buildRowLevelPolicy, SUB_TAG } from "./logic/identityPolicy";
import { buildKeyPolicy } from "./logic/kmsPolicy";
import { APPROVERS_GROUP } from "../handlers/shared/groups";
import {
    DEFAULT_TOKEN_VALIDITY, ISSUER_TYPE, replicaRegionProblems, SesEmail, sesEmailProblems, TokenValidity, tokenValidityProblems,
    userPoolArns, userPoolIssuers, userPoolProviderName,
} from "./logic/cognito";

// The aws-native provider's typings import the package index's typings (every service: +3,300
// files and +200 MB for tsc, measured): declare the one constructor used instead.
const { Provider: NativeProvider } = require("@pulumi/aws-native/provider") as {
    Provider: new (name: string, args: { region: string }, opts?: pulumi.CustomResourceOptions) => pulumi.ProviderResource;
};

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
    /** Cognito feature plan; threat protection needs PLUS, multi-Region replication ESSENTIALS or PLUS. @default "ESSENTIALS" */
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
    /**
     * Region of the pool's multi-Region replica (one of `regions`, not the home region): sign-in and
     * token refresh keep working there while the home region is out. Decides which resources exist.
     * @default no replica
     */
    readonly replicaRegion?: string;
    /** Keep the user pool and its keys on `pulumi destroy` (users' accounts are data). @default false */
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
    if (args.replicaRegion !== undefined) {
        for (const p of replicaRegionProblems(args.replicaRegion, args.regions, args.featurePlan ?? "ESSENTIALS")) problems.push(`replicaRegion ${p}`);
    }
    return problems;
}

/**
 * Sign-in and row-level AWS credentials (docs/design.md, decision 3): one user pool in the home region
 * (email sign-in, MFA, threat protection where the plan allows), an SPA/mobile app client, the
 * `approvers` group, and one identity pool per region that maps the token's `sub` to a principal
 * tag. One authenticated role trusts every regional pool: whichever region a client signs in
 * through, its credentials carry the same `sub` tag and reach the same rows in every region.
 *
 * With `replicaRegion`, the pool has a multi-Region replica (Cognito MRR) in that region: the pool
 * is encrypted with a customer-managed multi-Region KMS key (primary in the home region, replica
 * key in the replica's), the replica is created and set ACTIVE, and everything that trusts tokens
 * trusts both regions' issuers (see {@link ISSUER_TYPE} for why the issuer stays ORIGINAL). During
 * a home-region outage the replica signs users in and refreshes tokens; sign-up and profile changes
 * wait for the home region (docs/runbooks.md#sign-in-failover).
 *
 * The pool is an `aws-native` resource: only the Cloud Control provider has the pool's key and
 * issuer configuration and the replica (`@pulumi/aws` 7 has neither). `aws-native` resources take
 * no per-resource region, so this component creates one `aws-native` provider for the home region
 * and, with a replica, one for the replica's region (where its regional configuration lives).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html
 */
export class Identity extends pulumi.ComponentResource {
    public readonly userPoolId: pulumi.Output<string>;
    /** The primary (home-region) pool's ARN. */
    public readonly userPoolArn: pulumi.Output<string>;
    /** Every region's pool ARN, home first: what API authorizers trust. */
    public readonly userPoolArns: pulumi.Output<string[]>;
    /** `cognito-idp.<home>.amazonaws.com/<pool id>`: the home pool's provider name (identity pools' `logins` key). */
    public readonly userPoolEndpoint: pulumi.Output<string>;
    /** Every region's token issuer, home first (`https://cognito-idp.<region>.amazonaws.com/<pool id>`): what token consumers accept. */
    public readonly userPoolIssuers: pulumi.Output<string[]>;
    /** Region of the pool's replica; undefined without one. */
    public readonly replicaRegion?: string;
    /** ARN of the pool's multi-Region key (primary, home region); undefined without a replica. */
    public readonly keyArn?: pulumi.Output<string>;
    public readonly clientId: pulumi.Output<string>;
    /** Identity pool id per region. */
    public readonly identityPoolIds: Record<string, pulumi.Output<string>>;
    public readonly authenticatedRoleArn: pulumi.Output<string>;
    public readonly approversGroup: string = APPROVERS_GROUP;
    /** The `aws-native` provider of the home region (the sign-in domain is created with it). */
    public readonly homeProvider: pulumi.ProviderResource;

    constructor(name: string, args: IdentityArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:identity:Identity", name, {}, opts);
        const problems = validateIdentityArgs(args);
        if (problems.length) throw new Error(`Invalid Identity "${name}":\n  - ${problems.join("\n  - ")}`);

        const home = args.regions[0];
        const replica = args.replicaRegion;
        const mfa = args.mfa ?? "required";
        const tokens = args.tokenValidity ?? DEFAULT_TOKEN_VALIDITY;
        const threat = args.threatProtection ?? "off";
        const keep = args.protectData ? { protect: true, retainOnDelete: true } : {};
        const nativeProvider = (region: string) =>
            new NativeProvider(`${name}-native-${region}`, { region }, { parent: this });
        this.homeProvider = nativeProvider(home);

        const key = replica ? this.multiRegionKey(name, args, home, replica, keep) : undefined;

        const pool = new nativeCognito.UserPool(`${name}-users`, {
            userPoolName: `${args.namePrefix}-users`,
            usernameAttributes: ["email"],
            autoVerifiedAttributes: ["email"],
            usernameConfiguration: { caseSensitive: false },
            userPoolTier: args.featurePlan ?? "ESSENTIALS",
            policies: {
                passwordPolicy: {
                    minimumLength: 12,
                    requireLowercase: true,
                    requireUppercase: true,
                    requireNumbers: true,
                    requireSymbols: true,
                    temporaryPasswordValidityDays: 3,
                    passwordHistorySize: args.featurePlan === "PLUS" ? 5 : undefined,
                },
            },
            mfaConfiguration: mfa === "required" ? "ON" : "OPTIONAL",
            enabledMfas: ["SOFTWARE_TOKEN_MFA"],
            accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
            // Self sign-up off by default: an open pool lets anyone mint an identity (and row-level credentials).
            adminCreateUserConfig: { allowAdminCreateUserOnly: !(args.selfSignUp ?? false) },
            // SES for production volumes; without it Cognito's built-in sender and its daily quota.
            emailConfiguration: args.email ? {
                emailSendingAccount: "DEVELOPER",
                sourceArn: args.email.sesIdentityArn,
                from: args.email.from,
                replyToEmailAddress: args.email.replyTo,
                configurationSet: args.email.configurationSet,
            } : undefined,
            // Threat protection is a Plus feature; without it the add-on must stay unset.
            userPoolAddOns: threat === "off" ? undefined : { advancedSecurityMode: threat === "enforced" ? "ENFORCED" : "AUDIT" },
            deletionProtection: args.deletionProtection ?? true ? "ACTIVE" : "INACTIVE",
            // ORIGINAL on purpose: API Gateway's Cognito authorizers do not accept the updated issuer (ISSUER_TYPE).
            issuerConfiguration: { type: ISSUER_TYPE },
            // MRR needs the pool encrypted with a customer-managed multi-Region key available in the replica's region.
            keyConfiguration: key ? { keyType: "CUSTOMER_MANAGED_KEY", kmsKeyArn: key.primary.arn } : undefined,
            userPoolTags: args.tags,
        }, { parent: this, provider: this.homeProvider, ...keep });

        if (replica && key) {
            // The replica is created through the primary's region; new replicas start INACTIVE.
            const created = new nativeCognito.UserPoolReplica(`${name}-${replica}-replica`, {
                userPoolId: pool.userPoolId,
                regionName: replica,
                userPoolTagsAtCreate: args.tags,
            }, { parent: this, provider: this.homeProvider, dependsOn: [key.replica] });
            // Its regional settings live in its own region: status ACTIVE lets it serve end users
            // (sign-in, refresh) when the domain's health check fails over. Email stays Cognito's
            // default there: a secondary pool neither signs users up nor resets passwords.
            new nativeCognito.UserPoolRegionalConfigurationAttachment(`${name}-${replica}-replica-settings`, {
                userPoolId: pool.userPoolId,
                status: "ACTIVE",
                userPoolTags: args.tags,
            }, { parent: this, provider: nativeProvider(replica), dependsOn: [created] });
        }

        const client = new aws.cognito.UserPoolClient(`${name}-app`, {
            region: home,
            name: `${args.namePrefix}-app`,
            userPoolId: pool.userPoolId,
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
            userPoolId: pool.userPoolId,
            name: APPROVERS_GROUP,
            description: "May decide approval requests (POST /approvals/{id}/decision)",
        }, { parent: this });

        // Each region's pool issues tokens under its own provider name: identity pools accept both.
        const issuingRegions = [home, ...(replica ? [replica] : [])];
        const providerNames = issuingRegions.map(r => pool.userPoolId.apply(id => userPoolProviderName(r, id)));
        this.identityPoolIds = {};
        const pools: aws.cognito.IdentityPool[] = [];
        for (const region of args.regions) {
            const idPool = new aws.cognito.IdentityPool(`${name}-${region}-identities`, {
                region,
                identityPoolName: `${args.namePrefix}_${region}`.replace(/[^\w]/g, "_"),
                allowUnauthenticatedIdentities: false,
                allowClassicFlow: false,
                cognitoIdentityProviders: providerNames.map(providerName => ({ clientId: client.id, providerName, serverSideTokenCheck: true })),
                tags: args.tags,
            }, { parent: this });
            issuingRegions.forEach((issuer, i) => {
                new aws.cognito.IdentityPoolProviderPrincipalTag(i === 0 ? `${name}-${region}-sub-tag` : `${name}-${region}-sub-tag-${issuer}`, {
                    region,
                    identityPoolId: idPool.id,
                    identityProviderName: providerNames[i],
                    principalTags: { [SUB_TAG]: "sub" },
                    useDefaults: false,
                }, { parent: this });
            });
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

        this.userPoolId = pool.userPoolId;
        this.userPoolArn = pool.arn;
        this.userPoolArns = pool.arn.apply(arn => userPoolArns(arn, replica));
        this.userPoolEndpoint = providerNames[0];
        this.userPoolIssuers = pool.userPoolId.apply(id => userPoolIssuers(home, replica, id));
        this.replicaRegion = replica;
        this.keyArn = key?.primary.arn;
        this.clientId = client.id;
        this.authenticatedRoleArn = role.arn;
        this.registerOutputs({
            userPoolId: this.userPoolId, userPoolArn: this.userPoolArn, userPoolArns: this.userPoolArns, userPoolEndpoint: this.userPoolEndpoint,
            userPoolIssuers: this.userPoolIssuers, replicaRegion: this.replicaRegion, keyArn: this.keyArn, clientId: this.clientId,
            identityPoolIds: this.identityPoolIds, authenticatedRoleArn: this.authenticatedRoleArn, approversGroup: this.approversGroup,
            homeProvider: this.homeProvider,
        });
    }

    /**
     * The pool's customer-managed multi-Region key: the primary in the home region, a replica key
     * (same key material and id, `mrk-...`) in the replica's region, rotation on (a multi-Region
     * key rotates with its primary), the 30-day deletion window, and a key policy that lets
     * Cognito use it on this account's behalf in that key's region only. Protected in prod: losing
     * it makes the user directory unreadable.
     * https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
     */
    private multiRegionKey(name: string, args: IdentityArgs, home: string, replica: string, keep: pulumi.CustomResourceOptions) {
        const policy = (region: string) => pulumi.output(args.accountId).apply(accountId =>
            JSON.stringify(buildKeyPolicy({ accountId, region, viaServices: ["cognito-idp"] })));
        const description = `${args.namePrefix} user pool (Cognito multi-Region replication ${home} -> ${replica})`;
        const primary = new aws.kms.Key(`${name}-users-key`, {
            region: home,
            description,
            multiRegion: true,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: policy(home),
            tags: args.tags,
        }, { parent: this, ...keep });
        const replicaKey = new aws.kms.ReplicaKey(`${name}-${replica}-users-key`, {
            region: replica,
            primaryKeyArn: primary.arn,
            description,
            deletionWindowInDays: 30,
            policy: policy(replica),
            tags: args.tags,
        }, { parent: this, ...keep });
        for (const [region, target] of [[home, primary.keyId], [replica, replicaKey.keyId]] as const) {
            new aws.kms.Alias(`${name}-${region}-users-key-alias`, { region, name: `alias/${args.namePrefix}-users`, targetKeyId: target }, { parent: this });
        }
        return { primary, replica: replicaKey };
    }
}
