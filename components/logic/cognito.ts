/**
 * Cognito user-pool limits and the checks of the sign-up, email and token settings, shared by the
 * stack config validation (config.ts) and the Identity component. No imports.
 */

/**
 * Access and ID tokens live 5 minutes to 1 day; refresh tokens 60 minutes to 10 years. The
 * platform sets token lifetimes in minutes (access, ID) and days (refresh), so a refresh token can
 * never be shorter than the tokens it renews, which Cognito also requires.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_TokenValidityUnitsType.html
 */
export const TOKEN_VALIDITY = {
    accessMinutes: { min: 5, max: 24 * 60 },
    idMinutes: { min: 5, max: 24 * 60 },
    refreshDays: { min: 1, max: 3650 },
} as const;

/** The app client's token lifetimes. */
export interface TokenValidity {
    /** Access token lifetime, minutes (5-1,440). */
    readonly accessMinutes: number;
    /** ID token lifetime, minutes (5-1,440): how long the API accepts a token after sign-in or refresh. */
    readonly idMinutes: number;
    /** Refresh token lifetime, days (1-3,650): how long a client may renew tokens without signing in again. */
    readonly refreshDays: number;
}

/** Cognito's own defaults (1 hour, 1 hour, 30 days), kept as the platform's. */
export const DEFAULT_TOKEN_VALIDITY: TokenValidity = { accessMinutes: 60, idMinutes: 60, refreshDays: 30 };

/** One problem with a setting: the field it concerns and what is wrong, for callers to phrase with their own key names. */
export interface FieldProblem<F extends string = string> {
    readonly field: F;
    readonly message: string;
}

/** Problems with token lifetimes (fields outside Cognito's ranges). */
export function tokenValidityProblems(t: Partial<TokenValidity>): FieldProblem<keyof TokenValidity>[] {
    const problems: FieldProblem<keyof TokenValidity>[] = [];
    for (const [field, range] of Object.entries(TOKEN_VALIDITY) as [keyof TokenValidity, { min: number; max: number }][]) {
        const value = t[field];
        if (value === undefined) continue;
        if (!Number.isInteger(value) || value < range.min || value > range.max) {
            problems.push({ field, message: `${value} must be a whole number from ${range.min} to ${range.max}` });
        }
    }
    return problems;
}

/**
 * Email through Amazon SES instead of Cognito's built-in sender (`EmailSendingAccount: DEVELOPER`).
 * The built-in sender allows only a small number of emails per day per user pool, too few for
 * production sign-ups, invitations and password resets.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html
 */
export interface SesEmail {
    /** ARN of a verified SES identity (an email address or a domain) in the user pool's region. */
    readonly sesIdentityArn: string;
    /** The From header, `address` or `Name <address>`; the address must belong to the identity. @default the identity's address (email identities) */
    readonly from?: string;
    /** Reply-To address. */
    readonly replyTo?: string;
    /** SES configuration set applied to every message (event publishing, dedicated IPs). */
    readonly configurationSet?: string;
}

const SES_IDENTITY_ARN = /^arn:aws:ses:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):identity\/(.+)$/;

/** Region, account and identity (email or domain) of an SES identity ARN; undefined when malformed. */
export function parseSesIdentityArn(arn: string): { region: string; account: string; identity: string } | undefined {
    const m = SES_IDENTITY_ARN.exec(arn);
    return m ? { region: m[1], account: m[2], identity: m[3] } : undefined;
}

/** The address inside a From header: `ops@example.com` or `Ops <ops@example.com>`. */
export function fromAddress(from: string): string {
    const m = /<([^>]+)>\s*$/.exec(from);
    return (m ? m[1] : from).trim();
}

/**
 * Problems with an SES email setting:
 * a malformed ARN, an identity outside the user pool's region, a From address the identity does
 * not cover, or a domain identity without a From address.
 *
 * Cognito also accepts SES identities in a few other regions for some user-pool regions (the
 * table on the page above); the platform asks for the home region so that users' email stays in
 * the region that holds their profile, and says so in the error.
 */
export function sesEmailProblems(email: Partial<SesEmail>, homeRegion: string | undefined): FieldProblem<"sesIdentityArn" | "from">[] {
    const problems: FieldProblem<"sesIdentityArn" | "from">[] = [];
    if (typeof email.sesIdentityArn !== "string") return problems;
    const parsed = parseSesIdentityArn(email.sesIdentityArn);
    if (!parsed) {
        return [{ field: "sesIdentityArn", message: `"${email.sesIdentityArn}" is not an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<email or domain>)` }];
    }
    if (homeRegion && parsed.region !== homeRegion) {
        problems.push({ field: "sesIdentityArn", message: `is in ${parsed.region}; use an SES identity in the user pool's region ${homeRegion}` });
    }
    const isEmailIdentity = parsed.identity.includes("@");
    if (email.from === undefined) {
        if (!isEmailIdentity) problems.push({ field: "from", message: `is required with a domain identity (${parsed.identity}): the address to send from, e.g. no-reply@${parsed.identity}` });
        return problems;
    }
    const address = fromAddress(email.from).toLowerCase();
    const identity = parsed.identity.toLowerCase();
    const covered = isEmailIdentity ? address === identity : address.endsWith(`@${identity}`);
    if (!covered) {
        problems.push({ field: "from", message: `${address} is not covered by the SES identity ${parsed.identity}${isEmailIdentity ? "" : ` (use an address @${parsed.identity})`}` });
    }
    return problems;
}

/**
 * Multi-Region replication (MRR) of the user pool: a secondary pool in one other region that
 * shares the pool id, the user directory and the credentials, and serves sign-in and token refresh
 * while the primary's region is out.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html
 *
 * What AWS allows, and what the platform therefore checks (see {@link replicaRegionProblems}):
 * - at most one secondary replica per user directory ("You can have at most one secondary replica
 *   in an additional Region"), so one replica region, not a list;
 * - the Essentials or Plus feature plan (not Lite);
 * - a customer-managed **multi-Region** KMS key available in every replica region.
 */
export const MRR_FEATURE_PLANS = ["ESSENTIALS", "PLUS"] as const;

/**
 * The issuer type the platform gives the user pool: ORIGINAL.
 *
 * AWS recommends the updated (multi-Region) issuer for MRR, but documents it as "not currently
 * compatible with ... Amazon API Gateway Amazon Cognito authorizers", which every route of the
 * platform's REST APIs uses: with UPDATED, every authenticated API call would be refused. MRR does
 * not require it ("we recommend"). With ORIGINAL, each region's pool issues tokens with its own
 * issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>` (the pool id is shared), so every
 * consumer trusts both: the API authorizers list both pools' ARNs and every identity pool both
 * provider names ({@link userPoolIssuers}, {@link userPoolArns}).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html#user-pool-oidc-issuer
 */
export const ISSUER_TYPE = "ORIGINAL" as const;

/**
 * What an ACTIVE secondary pool answers besides read and configuration calls (AWS's list of the
 * additional operations for ACTIVE secondary Regions). Everything else, sign-up, confirmation,
 * password changes and resets, attribute updates, user creation among them, is answered with
 * `OperationNotEnabledException` ("not supported in secondary replica regions"). The local user
 * pool refuses by this list.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html#API_SignUp_Errors
 */
export const SECONDARY_AUTH_OPERATIONS = [
    "AdminInitiateAuth", "AdminRespondToAuthChallenge", "AdminUpdateAuthEventFeedback", "AdminUserGlobalSignOut",
    "GetDevice", "GetIdentityProviderByIdentifier", "GetTokensFromRefreshToken", "GetUser", "GetUserAuthFactors",
    "GlobalSignOut", "InitiateAuth", "ListDevices", "ListWebAuthnCredentials", "RespondToAuthChallenge", "RevokeToken",
    "UpdateAuthEventFeedback",
] as const;

/** The error a secondary pool answers an operation it does not serve with (HTTP 400). */
export const SECONDARY_REFUSAL = "OperationNotEnabledException";

/** `cognito-idp.<region>.amazonaws.com/<poolId>`: a pool's provider name (identity pools' `logins` key), its ORIGINAL issuer without the scheme. */
export function userPoolProviderName(region: string, userPoolId: string): string {
    return `cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** The ORIGINAL issuer of each region's pool: home first, then the replica's. */
export function userPoolIssuers(homeRegion: string, replicaRegion: string | undefined, userPoolId: string): string[] {
    return [homeRegion, ...(replicaRegion ? [replicaRegion] : [])].map(r => `https://${userPoolProviderName(r, userPoolId)}`);
}

/**
 * The ARN of each region's pool, home first: a replica is a pool of its own region with the shared
 * id (`arn:aws:cognito-idp:<replica region>:<account>:userpool/<poolId>`, as CreateUserPoolReplica
 * returns it), derived from the primary's ARN.
 */
export function userPoolArns(primaryArn: string, replicaRegion: string | undefined): string[] {
    const parts = primaryArn.split(":");
    if (parts.length < 6 || parts[2] !== "cognito-idp") throw new Error(`${primaryArn} is not a user pool ARN`);
    return [primaryArn, ...(replicaRegion ? [[...parts.slice(0, 3), replicaRegion, ...parts.slice(4)].join(":")] : [])];
}

/**
 * Problems with a replica region: not a region of the stack, the home region itself, or a feature
 * plan without MRR. `regions` lists the stack's regions, home first.
 */
export function replicaRegionProblems(replicaRegion: string, regions: readonly string[], featurePlan: string | undefined): string[] {
    const problems: string[] = [];
    const home = regions[0];
    if (replicaRegion === home) problems.push(`is the home region ${home}; the replica must be in another region (the primary pool lives in the home region)`);
    else if (!regions.includes(replicaRegion)) problems.push(`${replicaRegion} is not one of the stack's regions (${regions.join(", ")}): the replica serves sign-in where the platform runs`);
    if (featurePlan !== undefined && !(MRR_FEATURE_PLANS as readonly string[]).includes(featurePlan)) {
        problems.push(`needs the Essentials or Plus feature plan (got ${featurePlan}): Cognito has no multi-Region replication on Lite`);
    }
    return problems;
}
