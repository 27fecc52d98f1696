/**
 * The local platform in a test: started on free ports, signed-in users, small HTTP helpers.
 * Every spec that starts one stops it in after().
 */
import { LocalPlatform, PlatformOptions, startPlatform } from "../../local/platform";

export type { LocalPlatform };

/** Starts a platform for the dev stack on free ports (options override). */
export function startTestPlatform(options: PlatformOptions = {}): Promise<LocalPlatform> {
    return startPlatform({ stack: "dev", port: 0, replicationLagMs: 200, ...options });
}

/** An ID token for a seeded user, through the user pool's JSON API (InitiateAuth USER_PASSWORD_AUTH). */
export async function idToken(platform: LocalPlatform, username: string): Promise<string> {
    const user = platform.ready.users.find(u => u.username === username);
    if (!user) throw new Error(`No seeded user ${username}`);
    const res = await fetch(`${platform.ready.cognito.endpoint}/`, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth" },
        body: JSON.stringify({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: platform.ready.cognito.clientId, AuthParameters: { USERNAME: username, PASSWORD: user.password } }),
    });
    if (res.status !== 200) throw new Error(`Sign-in of ${username} failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as any).AuthenticationResult.IdToken;
}

/** A JSON call: status, parsed body (or text), headers. */
export async function call(url: string, o: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const res = await fetch(url, {
        method: o.method ?? "GET",
        headers: {
            ...(o.token ? { authorization: o.token } : {}),
            ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
            ...(o.headers ?? {}),
        },
        body: o.body === undefined ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body),
    });
    const text = await res.text();
    let body: any = text;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: res.status, body, headers: res.headers };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000, what = "condition"): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise(r => setTimeout(r, 25));
    }
}
