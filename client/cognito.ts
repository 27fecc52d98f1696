/**
 * ID tokens from the user pool's JSON API with a password (`USER_PASSWORD_AUTH`) and the refresh
 * token after that (`REFRESH_TOKEN_AUTH`): what the local platform's user pool accepts, and what a
 * deployed pool accepts only for an app client that allows `ALLOW_USER_PASSWORD_AUTH` (the
 * platform's own client allows SRP only: browsers sign in with the managed login, code + PKCE,
 * and scripts with SRP, client/node.ts). fetch only: runs in browsers and Node.
 */
import type { TokenProvider } from "./client";

/** Where the user pool answers: `https://cognito-idp.<region>.amazonaws.com/`, or the local pool's `cognito.endpoint`. */
export interface UserPoolEndpoint {
    readonly endpoint: string;
    readonly clientId: string;
}

async function initiateAuth(pool: UserPoolEndpoint, body: unknown, fetchFn: typeof fetch): Promise<{ IdToken: string; RefreshToken?: string; ExpiresIn: number }> {
    const res = await fetchFn(`${pool.endpoint.replace(/\/+$/, "")}/`, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth" },
        body: JSON.stringify(body),
    });
    const json: any = await res.json().catch(() => undefined);
    if (res.status !== 200 || !json?.AuthenticationResult?.IdToken) {
        throw new Error(`Sign-in failed: ${res.status} ${json?.__type ?? ""} ${json?.message ?? (json?.ChallengeName ? `challenge ${json.ChallengeName} not supported here` : "")}`.trim());
    }
    return json.AuthenticationResult;
}

/**
 * A token provider that signs in with a password once, refreshes with the refresh token when the
 * ID token is within a minute of expiry or the API said 401, and signs in again if refreshing fails.
 */
export function passwordTokenProvider(pool: UserPoolEndpoint, username: string, password: string, o: { fetch?: typeof fetch; now?: () => number } = {}): TokenProvider {
    const fetchFn = o.fetch ?? ((...args) => fetch(...args));
    const now = o.now ?? Date.now;
    let current: { idToken: string; refreshToken?: string; expiresAt: number } | undefined;
    let pending: Promise<string> | undefined;
    const signIn = async (): Promise<string> => {
        if (current?.refreshToken) {
            try {
                const r = await initiateAuth(pool, { AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: pool.clientId, AuthParameters: { REFRESH_TOKEN: current.refreshToken } }, fetchFn);
                current = { idToken: r.IdToken, refreshToken: current.refreshToken, expiresAt: now() + r.ExpiresIn * 1000 };
                return current.idToken;
            } catch { /* sign in again below */ }
        }
        const r = await initiateAuth(pool, { AuthFlow: "USER_PASSWORD_AUTH", ClientId: pool.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }, fetchFn);
        current = { idToken: r.IdToken, refreshToken: r.RefreshToken, expiresAt: now() + r.ExpiresIn * 1000 };
        return current.idToken;
    };
    return ({ forceRefresh }) => {
        if (current && !forceRefresh && current.expiresAt - now() > 60_000) return current.idToken;
        pending ??= signIn().finally(() => { pending = undefined; });
        return pending;
    };
}
