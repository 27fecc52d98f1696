/**
 * The stack's Cognito user pool, on loopback: what the platform's clients and APIs use of it.
 *
 * - The Cognito Identity Provider JSON API for `InitiateAuth` with `USER_PASSWORD_AUTH` and
 *   `REFRESH_TOKEN_AUTH`, `SignUp` and `ConfirmSignUp` (self sign-up as the stack configures it),
 *   and `ChangePassword`, so `@aws-sdk/client-cognito-identity-provider` pointed at `endpoint`
 *   gets tokens (and curl can too).
 * - Multi-Region replication as the stack configures it (`platform:identity.replicaRegion`): one
 *   directory served by the home region's pool and, while the home region is failed, by the
 *   replica's. `endpoint` stands for the custom sign-in domain (which fails over) and for a client
 *   that routes its API calls to the replica's regional endpoint on the same signal. The replica
 *   issues tokens under its own region's issuer and answers only what an ACTIVE secondary answers
 *   (`SECONDARY_AUTH_OPERATIONS`, components/logic/cognito.ts): the rest gets
 *   `OperationNotEnabledException`.
 * - The managed login's OAuth 2.0 authorization-code flow with PKCE (`/oauth2/authorize`, a login
 *   page, `/oauth2/token`, `/oauth2/userInfo`, `/logout`), OIDC discovery and the JWKS, as a browser
 *   app needs them.
 * - RS256 tokens shaped like Cognito's (ID token: `sub`, `email`, `cognito:groups`, `token_use`,
 *   `aud`, `iss`, `exp`...; access token: `client_id`, `scope`, `username`...).
 *
 * Why not an existing emulator: cognito-local answers the JSON API but has no OAuth endpoints;
 * oauth2-mock-server has code + PKCE but no users or passwords (it signs in whoever asks) and a
 * generic token shape; oidc-provider is a full provider whose tokens are not Cognito's and which
 * knows nothing of InitiateAuth. Running two of them would mean two issuers and two key sets. The
 * security-relevant parts are not hand-rolled: keys, signing and verification are `jose`.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type * as http from "node:http";
import { createRemoteJWKSet, decodeJwt, exportJWK, generateKeyPair, importJWK, JWK, JWTPayload, jwtVerify, SignJWT } from "jose";
import { LoopbackServer, readBody, sendJson } from "./lib/http";
import { APPROVERS_GROUP, GROUPS_CLAIM } from "../handlers/shared/claims";
import { SECONDARY_AUTH_OPERATIONS, SECONDARY_REFUSAL } from "../components/logic/cognito";

/** A user of the local pool. */
export interface LocalUser {
    readonly username: string;
    readonly email: string;
    /** Changes with ChangePassword. */
    password: string;
    readonly sub: string;
    readonly groups: readonly string[];
    /** False from SignUp until ConfirmSignUp (seeded users are confirmed). */
    confirmed: boolean;
}

/** An email the pool would have sent (sign-up confirmation codes). */
export interface PoolEmail {
    readonly to: string;
    readonly subject: string;
    readonly code: string;
    readonly at: string;
}

/** Options of {@link LocalUserPool.start}. */
export interface UserPoolOptions {
    readonly region: string;
    readonly port?: number;
    /** ID token lifetime (`platform:identity.idTokenMinutes`). @default 60 */
    readonly idTokenMinutes?: number;
    /** Access token lifetime (`platform:identity.accessTokenMinutes`). @default 60 */
    readonly accessTokenMinutes?: number;
    /** Refresh token lifetime (`platform:identity.refreshTokenDays`). @default 30 */
    readonly refreshTokenDays?: number;
    /** Users to seed; default: alice and bob (users) and carol (approvers), with fresh passwords. */
    readonly users?: ReadonlyArray<Pick<LocalUser, "username" | "email" | "groups"> & { password?: string }>;
    /** Region of the pool's multi-Region replica (`platform:identity.replicaRegion`); none by default. */
    readonly replicaRegion?: string;
    /** Anyone may SignUp (`platform:identity.selfSignUp`). @default false */
    readonly selfSignUp?: boolean;
}

/** The pool's password policy (components/identity.ts): 12+ characters, upper, lower, digit, symbol. */
const PASSWORD_RULES: ReadonlyArray<readonly [RegExp, string]> = [
    [/^.{12,}$/s, "Password not long enough"],
    [/[A-Z]/, "Password must have uppercase characters"],
    [/[a-z]/, "Password must have lowercase characters"],
    [/[0-9]/, "Password must have numeric characters"],
    [/[^A-Za-z0-9]/, "Password must have symbol characters"],
];

/** Cognito's answer to a password outside the policy, or undefined when it conforms. */
function passwordProblem(password: string): string | undefined {
    const broken = PASSWORD_RULES.find(([rule]) => !rule.test(password));
    return broken ? `Password did not conform with policy: ${broken[1]}` : undefined;
}

/** Operations of the JSON API the local pool implements. */
const OPERATIONS = ["InitiateAuth", "SignUp", "ConfirmSignUp", "ChangePassword"] as const;

/** A password that meets the pool's policy (12+ characters, upper, lower, digit, symbol), new at every start. */
export function freshPassword(): string {
    return `Local-${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}-9a!`;
}

/** Java's `Date.toString()`, which the REST API Cognito authorizer uses for `exp` and `iat` claims. */
export function javaDate(epochSeconds: number): string {
    const d = new Date(epochSeconds * 1000);
    const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Error answers of the JSON API, shaped as Cognito's (`__type` + `message`). */
class CognitoError extends Error {
    constructor(readonly type: string, message: string, readonly status = 400) {
        super(message);
    }
}

interface Grant {
    readonly username: string;
    readonly clientId: string;
    readonly redirectUri: string;
    readonly challenge?: string;
    readonly nonce?: string;
    readonly scope: string;
    readonly expires: number;
}

/** A local Cognito user pool with one public app client. */
export class LocalUserPool {
    readonly server: LoopbackServer;
    readonly userPoolId: string;
    readonly clientId: string;
    readonly users: LocalUser[];
    private privateKey!: Parameters<SignJWT["sign"]>[0];
    private jwk!: JWK;
    private readonly kid = randomUUID();
    private readonly refreshTokens = new Map<string, { username: string; clientId: string; expires: number }>();
    private readonly codes = new Map<string, Grant>();
    private readonly signUpCodes = new Map<string, string>();
    private readonly idMinutes: number;
    private readonly accessMinutes: number;
    private readonly refreshDays: number;
    private readonly down = new Set<string>();
    /** Region of the pool's replica; undefined without one. */
    readonly replicaRegion?: string;
    readonly selfSignUp: boolean;
    /** What the pool would have emailed (confirmation codes), oldest first. */
    readonly emails: PoolEmail[] = [];

    private constructor(readonly region: string, options: UserPoolOptions) {
        this.userPoolId = `${region}_local${randomBytes(3).toString("hex").toUpperCase()}`;
        this.clientId = randomBytes(13).toString("hex").slice(0, 26);
        this.idMinutes = options.idTokenMinutes ?? 60;
        this.accessMinutes = options.accessTokenMinutes ?? 60;
        this.refreshDays = options.refreshTokenDays ?? 30;
        const seed: NonNullable<UserPoolOptions["users"]> = options.users ?? [
            { username: "alice", email: "alice@example.com", groups: [] },
            { username: "bob", email: "bob@example.com", groups: [] },
            { username: "carol", email: "carol@example.com", groups: [APPROVERS_GROUP] },
        ];
        this.users = seed.map(u => ({ ...u, password: u.password ?? freshPassword(), sub: randomUUID(), confirmed: true }));
        if (options.replicaRegion === region) throw new Error(`The replica region ${region} is the pool's own region`);
        this.replicaRegion = options.replicaRegion;
        this.selfSignUp = options.selfSignUp ?? false;
        this.server = new LoopbackServer((req, res) => this.handle(req, res).catch(e => {
            if (e instanceof CognitoError) return sendJson(res, e.status, { __type: e.type, message: e.message }, { "x-amzn-errortype": e.type });
            sendJson(res, 500, { __type: "InternalErrorException", message: String(e?.message ?? e) });
        }), options.port ?? 0);
    }

    static async start(options: UserPoolOptions): Promise<LocalUserPool> {
        const pool = new LocalUserPool(options.region, options);
        const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
        pool.privateKey = privateKey;
        pool.jwk = { ...(await exportJWK(publicKey)), kid: pool.kid, alg: "RS256", use: "sig" };
        await pool.server.start();
        return pool;
    }

    get endpoint(): string {
        return this.server.url;
    }

    /**
     * `iss` of the home pool's tokens: the pool's URL, as `https://cognito-idp.<region>.amazonaws.com/<poolId>`
     * (the ORIGINAL issuer) is on AWS.
     */
    get issuer(): string {
        return this.issuerOf(this.region);
    }

    get jwksUri(): string {
        return `${this.issuer}/.well-known/jwks.json`;
    }

    /** A region's issuer: the home pool's {@link issuer}, the replica's under its region's path. */
    issuerOf(region: string): string {
        return region === this.region ? `${this.endpoint}/${this.userPoolId}` : `${this.endpoint}/${region}/${this.userPoolId}`;
    }

    /** Every issuer of the pool's tokens, home first, with its JWKS (what the API authorizers trust). */
    get issuers(): { readonly issuer: string; readonly jwksUri: string }[] {
        return [this.region, ...(this.replicaRegion ? [this.replicaRegion] : [])].map(r => ({ issuer: this.issuerOf(r), jwksUri: `${this.issuerOf(r)}/.well-known/jwks.json` }));
    }

    /**
     * The region whose pool answers: the home region's while it is up, else the replica's (the
     * domain failed over), else none (sign-in is down).
     */
    get servingRegion(): string | undefined {
        if (!this.down.has(this.region)) return this.region;
        return this.replicaRegion && !this.down.has(this.replicaRegion) ? this.replicaRegion : undefined;
    }

    /** Whether anything answers sign-in. */
    get available(): boolean {
        return this.servingRegion !== undefined;
    }

    /** The replica is serving (the home region is out). */
    get failedOver(): boolean {
        return this.servingRegion !== undefined && this.servingRegion !== this.region;
    }

    /** A region of the stack failed: its pool (home or replica) stops answering. */
    regionFailed(region: string): void {
        this.down.add(region);
    }

    regionRecovered(region: string): void {
        this.down.delete(region);
    }

    private findUser(name: string): LocalUser | undefined {
        const wanted = name.trim().toLowerCase();
        return this.users.find(u => u.username === wanted || u.email === wanted);
    }

    private checkClient(clientId: unknown): void {
        if (clientId !== this.clientId) throw new CognitoError("ResourceNotFoundException", `User pool client ${String(clientId)} does not exist.`);
    }

    /** ID, access and (unless refreshing) refresh token for a user, as Cognito issues them. */
    async issue(user: LocalUser, clientId: string, o: { refresh?: boolean; nonce?: string; scope?: string; lifetimeSeconds?: number } = {}) {
        const now = Math.floor(Date.now() / 1000);
        const iss = this.issuerOf(this.servingRegion ?? this.region);
        const idExp = now + (o.lifetimeSeconds ?? this.idMinutes * 60);
        const accessExp = now + (o.lifetimeSeconds ?? this.accessMinutes * 60);
        const originJti = randomUUID();
        const eventId = randomUUID();
        const groups = user.groups.length ? { [GROUPS_CLAIM]: [...user.groups] } : {};
        const sign = (payload: JWTPayload) => new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: this.kid }).sign(this.privateKey);
        const idToken = await sign({
            sub: user.sub, ...groups, email_verified: true, iss, "cognito:username": user.username, origin_jti: originJti,
            aud: clientId, event_id: eventId, token_use: "id", auth_time: now, exp: idExp, iat: now, jti: randomUUID(), email: user.email,
            ...(o.nonce ? { nonce: o.nonce } : {}),
        });
        const accessToken = await sign({
            sub: user.sub, ...groups, iss, client_id: clientId, origin_jti: originJti, event_id: eventId, token_use: "access",
            scope: o.scope ?? "aws.cognito.signin.user.admin", auth_time: now, exp: accessExp, iat: now, jti: randomUUID(), username: user.username,
        });
        let refreshToken: string | undefined;
        if (!o.refresh) {
            refreshToken = randomBytes(48).toString("base64url");
            this.refreshTokens.set(refreshToken, { username: user.username, clientId, expires: Date.now() + this.refreshDays * 86_400_000 });
        }
        return { IdToken: idToken, AccessToken: accessToken, ...(refreshToken ? { RefreshToken: refreshToken } : {}), ExpiresIn: accessExp - now, TokenType: "Bearer" };
    }

    /** Tokens for a seeded user without a password (tests: expired or short-lived tokens). */
    tokensFor(username: string, lifetimeSeconds?: number) {
        const user = this.findUser(username);
        if (!user) throw new Error(`No user ${username}`);
        return this.issue(user, this.clientId, { lifetimeSeconds });
    }

    /** Signs a user in with their password (what InitiateAuth USER_PASSWORD_AUTH does). */
    async signIn(username: string, password: string) {
        const user = this.findUser(username);
        if (!user || user.password !== password) throw new CognitoError("NotAuthorizedException", "Incorrect username or password.");
        if (!user.confirmed) throw new CognitoError("UserNotConfirmedException", "User is not confirmed.");
        return this.issue(user, this.clientId);
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const url = new URL(req.url ?? "/", this.endpoint);
        const cors = { "access-control-allow-origin": req.headers.origin ?? "*", "access-control-allow-headers": "authorization,content-type", "access-control-allow-methods": "GET,POST,OPTIONS" };
        if (req.method === "OPTIONS") {
            res.writeHead(204, cors);
            return void res.end();
        }
        if (!this.available) throw new CognitoError("InternalErrorException", "The user pool's region is unavailable", 503);
        if (req.method === "POST" && url.pathname === "/") return this.jsonApi(req, res);
        // Each region's issuer serves its discovery document and JWKS (the same signing key here).
        for (const { issuer, jwksUri } of this.issuers) {
            const base = new URL(issuer).pathname;
            if (req.method === "GET" && url.pathname === new URL(jwksUri).pathname) return sendJson(res, 200, { keys: [this.jwk] }, cors);
            if (req.method === "GET" && url.pathname === `${base}/.well-known/openid-configuration`) return sendJson(res, 200, this.discovery(issuer), cors);
        }
        if (req.method === "GET" && url.pathname === "/oauth2/authorize") return this.authorize(url, res);
        if (req.method === "POST" && url.pathname === "/login") return this.login(req, res);
        if (req.method === "POST" && url.pathname === "/oauth2/token") return this.token(req, res, cors);
        if (req.method === "GET" && url.pathname === "/oauth2/userInfo") return this.userInfo(req, res, cors);
        if (req.method === "GET" && url.pathname === "/logout") return this.logout(url, res);
        sendJson(res, 404, { message: "Not found" });
    }

    private discovery(issuer: string) {
        return {
            issuer,
            jwks_uri: `${issuer}/.well-known/jwks.json`,
            authorization_endpoint: `${this.endpoint}/oauth2/authorize`,
            token_endpoint: `${this.endpoint}/oauth2/token`,
            userinfo_endpoint: `${this.endpoint}/oauth2/userInfo`,
            end_session_endpoint: `${this.endpoint}/logout`,
            response_types_supported: ["code"],
            subject_types_supported: ["public"],
            id_token_signing_alg_values_supported: ["RS256"],
            scopes_supported: ["openid", "email", "profile"],
            token_endpoint_auth_methods_supported: ["none"],
            code_challenge_methods_supported: ["S256"],
        };
    }

    /** `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`. */
    private async jsonApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const operation = String(req.headers["x-amz-target"] ?? "").replace(/^AWSCognitoIdentityProviderService\./, "");
        let input: any;
        try { input = JSON.parse(((await readBody(req, 1_048_576)) ?? Buffer.alloc(0)).toString("utf8") || "{}"); } catch { input = undefined; }
        if (!input || typeof input !== "object") throw new CognitoError("SerializationException", "Request body is not valid JSON");
        if (!(OPERATIONS as readonly string[]).includes(operation)) throw new CognitoError("UnknownOperationException", `The local user pool does not implement ${operation || "this operation"}`);
        // A secondary pool serves sign-in and refresh; directory writes wait for the primary.
        if (this.failedOver && !(SECONDARY_AUTH_OPERATIONS as readonly string[]).includes(operation)) {
            throw new CognitoError(SECONDARY_REFUSAL, `${operation} is not available in the secondary Region ${this.servingRegion} of this user pool (the primary Region ${this.region} is unavailable)`);
        }
        const ok = (body: object) => sendJson(res, 200, body, { "content-type": "application/x-amz-json-1.1" });
        if (operation === "SignUp") return ok(this.signUp(input));
        if (operation === "ConfirmSignUp") return ok(this.confirmSignUp(input));
        if (operation === "ChangePassword") return ok(await this.changePassword(input));
        this.checkClient(input.ClientId);
        const params = input.AuthParameters ?? {};
        if (input.AuthFlow === "USER_PASSWORD_AUTH") {
            if (typeof params.USERNAME !== "string" || typeof params.PASSWORD !== "string") throw new CognitoError("InvalidParameterException", "Missing required parameter USERNAME or PASSWORD");
            return sendJson(res, 200, { AuthenticationResult: await this.signIn(params.USERNAME, params.PASSWORD), ChallengeParameters: {} }, { "content-type": "application/x-amz-json-1.1" });
        }
        if (input.AuthFlow === "REFRESH_TOKEN_AUTH" || input.AuthFlow === "REFRESH_TOKEN") {
            const user = this.refreshUser(params.REFRESH_TOKEN, input.ClientId);
            return sendJson(res, 200, { AuthenticationResult: await this.issue(user, input.ClientId, { refresh: true }), ChallengeParameters: {} }, { "content-type": "application/x-amz-json-1.1" });
        }
        throw new CognitoError("InvalidParameterException", `AuthFlow ${String(input.AuthFlow)} is not supported by the local user pool (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH)`);
    }

    /** `SignUp`: an unconfirmed user and a confirmation code "emailed" to them (see {@link emails}). */
    private signUp(input: any) {
        this.checkClient(input.ClientId);
        if (!this.selfSignUp) throw new CognitoError("NotAuthorizedException", "SignUp is not permitted for this user pool");
        if (typeof input.Username !== "string" || typeof input.Password !== "string") throw new CognitoError("InvalidParameterException", "Missing required parameter Username or Password");
        const attributes: Array<{ Name?: unknown; Value?: unknown }> = Array.isArray(input.UserAttributes) ? input.UserAttributes : [];
        const email = String(attributes.find(a => a.Name === "email")?.Value ?? input.Username).trim().toLowerCase();
        // The pool signs users in by email (usernameAttributes: email).
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.Username)) throw new CognitoError("InvalidParameterException", "Username should be an email.");
        if (this.findUser(input.Username) || this.findUser(email)) throw new CognitoError("UsernameExistsException", "An account with the given email already exists.");
        const problem = passwordProblem(input.Password);
        if (problem) throw new CognitoError("InvalidPasswordException", problem);
        const user: LocalUser = { username: email, email, password: input.Password, sub: randomUUID(), groups: [], confirmed: false };
        this.users.push(user);
        const code = String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, "0");
        this.signUpCodes.set(user.username, code);
        this.emails.push({ to: email, subject: "Your verification code", code, at: new Date().toISOString() });
        const [name, domain] = email.split("@");
        return {
            UserConfirmed: false, UserSub: user.sub,
            CodeDeliveryDetails: { Destination: `${name[0]}***@${domain[0]}***`, DeliveryMedium: "EMAIL", AttributeName: "email" },
        };
    }

    private confirmSignUp(input: any) {
        this.checkClient(input.ClientId);
        const user = typeof input.Username === "string" ? this.findUser(input.Username) : undefined;
        if (!user) throw new CognitoError("UserNotFoundException", "Username/client id combination not found.");
        if (user.confirmed) throw new CognitoError("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED");
        if (input.ConfirmationCode !== this.signUpCodes.get(user.username)) throw new CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.");
        user.confirmed = true;
        this.signUpCodes.delete(user.username);
        return {};
    }

    /** `ChangePassword` with the user's access token (what a signed-in app calls). */
    private async changePassword(input: any) {
        let username: string;
        try {
            const { payload } = await jwtVerify(String(input.AccessToken ?? ""), await importJWK(this.jwk, "RS256"), { issuer: this.issuers.map(i => i.issuer), algorithms: ["RS256"] });
            if (payload.token_use !== "access") throw new Error("not an access token");
            username = String(payload.username);
        } catch {
            throw new CognitoError("NotAuthorizedException", "Invalid Access Token");
        }
        const user = this.findUser(username);
        if (!user || user.password !== input.PreviousPassword) throw new CognitoError("NotAuthorizedException", "Incorrect username or password.");
        const problem = passwordProblem(String(input.ProposedPassword ?? ""));
        if (problem) throw new CognitoError("InvalidPasswordException", problem);
        user.password = String(input.ProposedPassword);
        return {};
    }

    private refreshUser(token: unknown, clientId: string): LocalUser {
        const grant = typeof token === "string" ? this.refreshTokens.get(token) : undefined;
        const user = grant && grant.clientId === clientId && grant.expires > Date.now() ? this.findUser(grant.username) : undefined;
        if (!user) throw new CognitoError("NotAuthorizedException", "Invalid Refresh Token");
        return user;
    }

    /** Loopback redirect targets only: the local stand-in of the app client's callback and sign-out URLs. */
    private static allowedRedirect(uri: string | null): boolean {
        if (!uri) return false;
        try {
            const u = new URL(uri);
            return u.protocol === "http:" && (u.hostname === "127.0.0.1" || u.hostname === "localhost");
        } catch {
            return false;
        }
    }

    private authorize(url: URL, res: http.ServerResponse): void {
        const q = url.searchParams;
        const problem = q.get("response_type") !== "code" ? "response_type must be code"
            : q.get("client_id") !== this.clientId ? "unknown client_id"
                : !LocalUserPool.allowedRedirect(q.get("redirect_uri")) ? "redirect_uri is not a callback URL of the client"
                    : q.get("code_challenge") && q.get("code_challenge_method") !== "S256" ? "code_challenge_method must be S256" : undefined;
        if (problem) return sendJson(res, 400, { error: "invalid_request", error_description: problem });
        this.loginPage(res, Object.fromEntries(q), 200);
    }

    /**
     * The managed login's page. Its CSP lets the form post here and follow the redirect to the
     * client's loopback callback (browsers apply `form-action` to a form's redirects too).
     */
    private loginPage(res: http.ServerResponse, params: Record<string, string>, status: number, error?: string): void {
        const esc = (s: string) => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
        const hidden = ["client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "nonce", "scope"]
            .filter(k => params[k]).map(k => `<input type="hidden" name="${k}" value="${esc(params[k])}">`).join("");
        const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in</title><style>body{font:16px system-ui,sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}[role=alert]{color:#a00000}</style></head>
<body><main><h1>Sign in</h1><p>Local user pool ${esc(this.userPoolId)}</p>${error ? `<p role="alert">${esc(error)}</p>` : ""}
<form method="post" action="/login">${hidden}<label for="username">Email or username</label><input id="username" name="username" type="text" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form></main></body></html>`;
        res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* http://localhost:*", "cache-control": "no-store" });
        res.end(html);
    }

    private async login(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const form = Object.fromEntries(new URLSearchParams(((await readBody(req, 65_536)) ?? Buffer.alloc(0)).toString("utf8")));
        if (form.client_id !== this.clientId || !LocalUserPool.allowedRedirect(form.redirect_uri ?? null)) {
            return sendJson(res, 400, { error: "invalid_request", error_description: "unknown client_id or redirect_uri" });
        }
        const user = this.findUser(form.username ?? "");
        if (!user || user.password !== form.password) return this.loginPage(res, form, 400, "Incorrect username or password.");
        if (!user.confirmed) return this.loginPage(res, form, 400, "User is not confirmed.");
        const code = randomBytes(24).toString("base64url");
        this.codes.set(code, {
            username: user.username, clientId: form.client_id, redirectUri: form.redirect_uri, challenge: form.code_challenge,
            nonce: form.nonce, scope: form.scope ?? "openid", expires: Date.now() + 5 * 60_000,
        });
        const target = new URL(form.redirect_uri);
        target.searchParams.set("code", code);
        if (form.state) target.searchParams.set("state", form.state);
        res.writeHead(302, { location: target.toString(), "cache-control": "no-store" });
        res.end();
    }

    private async token(req: http.IncomingMessage, res: http.ServerResponse, cors: Record<string, string>): Promise<void> {
        const form = Object.fromEntries(new URLSearchParams(((await readBody(req, 65_536)) ?? Buffer.alloc(0)).toString("utf8")));
        const fail = (error: string, status = 400) => sendJson(res, status, { error }, cors);
        if (form.client_id !== this.clientId) return fail("invalid_client", 401);
        if (form.grant_type === "authorization_code") {
            const grant = this.codes.get(form.code ?? "");
            this.codes.delete(form.code ?? ""); // one use, whatever happens next
            if (!grant || grant.expires < Date.now() || grant.clientId !== form.client_id || grant.redirectUri !== form.redirect_uri) return fail("invalid_grant");
            if (grant.challenge) {
                const verifier = form.code_verifier ?? "";
                if (createHash("sha256").update(verifier).digest("base64url") !== grant.challenge) return fail("invalid_grant");
            }
            const t = await this.issue(this.findUser(grant.username)!, grant.clientId, { nonce: grant.nonce, scope: grant.scope });
            return sendJson(res, 200, { id_token: t.IdToken, access_token: t.AccessToken, refresh_token: t.RefreshToken, expires_in: t.ExpiresIn, token_type: "Bearer" }, { ...cors, "cache-control": "no-store" });
        }
        if (form.grant_type === "refresh_token") {
            let user: LocalUser;
            try { user = this.refreshUser(form.refresh_token, form.client_id); } catch { return fail("invalid_grant"); }
            const t = await this.issue(user, form.client_id, { refresh: true });
            return sendJson(res, 200, { id_token: t.IdToken, access_token: t.AccessToken, expires_in: t.ExpiresIn, token_type: "Bearer" }, { ...cors, "cache-control": "no-store" });
        }
        return fail("unsupported_grant_type");
    }

    private async userInfo(req: http.IncomingMessage, res: http.ServerResponse, cors: Record<string, string>): Promise<void> {
        const token = String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
        try {
            const { payload } = await jwtVerify(token, await importJWK(this.jwk, "RS256"), { issuer: this.issuers.map(i => i.issuer), algorithms: ["RS256"] });
            if (payload.token_use !== "access") throw new Error("not an access token");
            const user = this.findUser(String(payload.username));
            return sendJson(res, 200, { sub: user?.sub, email: user?.email, email_verified: "true", username: user?.username }, cors);
        } catch {
            return sendJson(res, 401, { error: "invalid_token" }, cors);
        }
    }

    private logout(url: URL, res: http.ServerResponse): void {
        const target = url.searchParams.get("logout_uri");
        if (url.searchParams.get("client_id") !== this.clientId || !LocalUserPool.allowedRedirect(target)) {
            return sendJson(res, 400, { error: "invalid_request", error_description: "unknown client_id or logout_uri" });
        }
        res.writeHead(302, { location: target!, "cache-control": "no-store" });
        res.end();
    }

    async stop(): Promise<void> {
        await this.server.stop();
    }
}

/**
 * What the REST API's Cognito user pool authorizer does before a method runs: verify the ID token
 * (signature against the issuing pool's JWKS, issuer, expiry, `token_use: id`, an app client of the
 * pool) and hand the claims on as strings. Returns undefined for a missing or invalid token (a 401).
 * `issuers` are the pools the authorizer lists (`providerARNs`): the home pool and its replica.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html
 */
export function cognitoAuthorizer(o: {
    issuers: readonly { readonly issuer: string; readonly jwksUri: string }[];
    clientIds: readonly string[];
    formatGroups: (groups: readonly string[]) => string | undefined;
}) {
    const keySets = new Map(o.issuers.map(i => [i.issuer, createRemoteJWKSet(new URL(i.jwksUri))]));
    return async (authorization: string | undefined): Promise<Record<string, string> | undefined> => {
        const token = authorization?.replace(/^Bearer\s+/i, "").trim();
        if (!token) return undefined;
        try {
            // The token names its issuer; only a listed pool's keys may verify it.
            const jwks = keySets.get(String(decodeJwt(token).iss));
            if (!jwks) return undefined;
            const { payload } = await jwtVerify(token, jwks, { issuer: [...keySets.keys()], algorithms: ["RS256"] });
            if (payload.token_use !== "id" || typeof payload.aud !== "string" || !o.clientIds.includes(payload.aud)) return undefined;
            return claimsAsStrings(payload, o.formatGroups);
        } catch {
            return undefined;
        }
    };
}

/** Claims as the REST API passes them: every value a string, `exp`/`iat` in Java's date format. */
export function claimsAsStrings(payload: JWTPayload, formatGroups: (groups: readonly string[]) => string | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(payload)) {
        if (name === "exp" || name === "iat") out[name] = javaDate(Number(value));
        else if (name === GROUPS_CLAIM && Array.isArray(value)) {
            const groups = formatGroups(value.map(String));
            if (groups !== undefined) out[name] = groups;
        } else out[name] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return out;
}
