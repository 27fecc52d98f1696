/**
 * Sign-in with the user pool's managed login: OAuth 2.0 authorization code with PKCE (S256) by
 * oidc-client-ts, a maintained OpenID Connect client for browsers, for a public client (no secret).
 *
 * Where tokens live: sessionStorage, through oidc-client-ts's WebStorageStateStore (the user) and
 * the same for the sign-in state (the PKCE verifier between the redirect and the callback; the
 * library's default there is localStorage). Not localStorage: that is shared by every tab and kept
 * after the browser closes, so a token (and a refresh token) would outlive the session on the
 * device and stay readable by any script that ever runs on this origin; sessionStorage is this
 * tab's only and ends with it. Not memory only: a reload would sign the user out in the middle of
 * an edit. The CSP (no inline or foreign scripts) is what keeps other scripts out in the first place.
 *
 * Sign-out removes the user here and goes through Cognito's `/logout` (`client_id` and
 * `logout_uri`), which ends the managed login's session too, so the next sign-in asks again.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 */
import { User, UserManager, WebStorageStateStore } from "oidc-client-ts";
import { CALLBACK_PATH, type ConsoleConfig, SIGNED_OUT_PATH } from "./config";

/** Who is signed in, from the ID token. */
export interface Identity {
    readonly sub: string;
    readonly email: string;
    readonly groups: readonly string[];
}

/** Sign-in state of this tab. */
export interface Auth {
    /** The signed-in user, or undefined (an expired session counts as signed out). */
    current(): Promise<Identity | undefined>;
    /** The ID token for the API, or undefined. */
    idToken(): Promise<string | undefined>;
    /** Goes to the managed login; comes back to `returnTo` after the callback. */
    signIn(returnTo: string): Promise<void>;
    /** Finishes the callback (code + PKCE verifier for tokens); returns where to go. */
    completeSignIn(): Promise<string>;
    /** Forgets the tokens and signs out of the managed login. */
    signOut(): Promise<void>;
}

function identityOf(user: User): Identity {
    const groups = user.profile["cognito:groups"];
    return {
        sub: user.profile.sub,
        email: String(user.profile.email ?? user.profile["cognito:username"] ?? user.profile.sub),
        groups: Array.isArray(groups) ? groups.map(String) : [],
    };
}

/** The console's sign-in against the configured user pool. */
export function createAuth(config: ConsoleConfig["auth"], origin = window.location.origin): Auth {
    const store = new WebStorageStateStore({ store: window.sessionStorage });
    const manager = new UserManager({
        authority: config.authority,
        client_id: config.clientId,
        redirect_uri: `${origin}${CALLBACK_PATH}`,
        post_logout_redirect_uri: `${origin}${SIGNED_OUT_PATH}`,
        response_type: "code",
        scope: config.scopes,
        // The endpoints are given, so no discovery request (and no CSP entry for the issuer's host).
        metadata: {
            issuer: config.authority,
            authorization_endpoint: config.authorizationEndpoint,
            token_endpoint: config.tokenEndpoint,
            end_session_endpoint: config.logoutEndpoint,
        },
        userStore: store,
        stateStore: store,
        loadUserInfo: false,
        monitorSession: false,
        // Refreshes with the refresh token before expiry (no hidden iframe: the CSP forbids framing anyway).
        automaticSilentRenew: true,
    });
    const live = async () => {
        const user = await manager.getUser();
        return user && !user.expired ? user : undefined;
    };
    return {
        current: async () => { const u = await live(); return u ? identityOf(u) : undefined; },
        idToken: async () => (await live())?.id_token,
        signIn: returnTo => manager.signinRedirect({ state: { returnTo } }),
        completeSignIn: async () => {
            const user = await manager.signinRedirectCallback();
            const returnTo = (user.state as { returnTo?: unknown } | undefined)?.returnTo;
            return typeof returnTo === "string" && returnTo.startsWith("/") && !returnTo.startsWith("//") ? returnTo : "/items";
        },
        signOut: async () => {
            await manager.removeUser();
            await manager.clearStaleState();
            const url = new URL(config.logoutEndpoint);
            url.searchParams.set("client_id", config.clientId);
            url.searchParams.set("logout_uri", `${origin}${SIGNED_OUT_PATH}`);
            window.location.assign(url.toString());
        },
    };
}
