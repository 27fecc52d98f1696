/**
 * What the console reads from `/config.json` at start: where the API answers and how to sign in.
 * The program writes it from stack outputs (components/webConsole.ts), the local platform from its
 * endpoints (local/console.ts); both build it with {@link consoleConfig}, so the shape is written once.
 * No imports and no DOM: the program and the browser bundle both load it.
 */

/** The console's runtime configuration (`/config.json`). */
export interface ConsoleConfig {
    /** Stack name, shown in the header. */
    readonly stack: string;
    readonly api: {
        /** What the console calls first: the latency-routed name (`https://api.example.com`), else the home region's API. */
        readonly url: string;
        /** Every region's own API name (`https://<region>.api.example.com` or execute-api URLs), home first. */
        readonly regions: Readonly<Record<string, string>>;
    };
    readonly auth: {
        /** OIDC issuer: the user pool (`https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
        readonly authority: string;
        /** The console's public app client (no secret; authorization code + PKCE). */
        readonly clientId: string;
        /** Managed login endpoints of the user pool domain (given, so no discovery request is needed). */
        readonly authorizationEndpoint: string;
        readonly tokenEndpoint: string;
        /** Cognito's `/logout` (takes `client_id` and `logout_uri`). */
        readonly logoutEndpoint: string;
        readonly scopes: string;
    };
}

/** Scopes the console asks for: an ID token with the user's email (the API's authorizer takes the ID token). */
export const CONSOLE_SCOPES = "openid email profile";

/** Paths of the console that the user pool redirects to: they must be the app client's callback and sign-out URLs. */
export const CALLBACK_PATH = "/callback";
export const SIGNED_OUT_PATH = "/signed-out";

/** The configuration for a user pool whose managed login is served at `domainUrl` (`https://<prefix>.auth.<region>.amazoncognito.com`, or the local pool). */
export function consoleConfig(o: {
    stack: string; apiUrl: string; regionalApiUrls: Readonly<Record<string, string>>;
    issuer: string; clientId: string; domainUrl: string;
}): ConsoleConfig {
    const domain = o.domainUrl.replace(/\/+$/, "");
    return {
        stack: o.stack,
        api: { url: o.apiUrl.replace(/\/+$/, ""), regions: Object.fromEntries(Object.entries(o.regionalApiUrls).map(([r, u]) => [r, u.replace(/\/+$/, "")])) },
        auth: {
            authority: o.issuer,
            clientId: o.clientId,
            authorizationEndpoint: `${domain}/oauth2/authorize`,
            tokenEndpoint: `${domain}/oauth2/token`,
            logoutEndpoint: `${domain}/logout`,
            scopes: CONSOLE_SCOPES,
        },
    };
}

/** Origins the console connects to (the CSP's `connect-src`): the API's names and the user pool domain (token endpoint). */
export function connectOrigins(config: ConsoleConfig): string[] {
    const origin = (url: string) => new URL(url).origin;
    return [...new Set([origin(config.api.url), ...Object.values(config.api.regions).map(origin), origin(config.auth.tokenEndpoint)])];
}
