/**
 * Sign-in to a deployed user pool as the platform's app client allows it: SRP
 * (`ALLOW_USER_SRP_AUTH`), with a TOTP code when the pool asks for one (prod requires MFA).
 * amazon-cognito-identity-js (AWS's own SRP implementation, from the Amplify project) does the
 * SRP math and the challenge round trips; otpauth computes TOTP codes. Node-only tooling (the smoke
 * suite); browsers sign in through the managed login with code + PKCE.
 *
 * Not provable offline: the local user pool has no SRP. What the tests check is the request this
 * sends (tests/client/srp.spec.ts); a run against a deployed pool is the proof.
 */
import { AuthenticationDetails, CognitoUser, CognitoUserPool, CognitoUserSession } from "amazon-cognito-identity-js";
import { Secret, TOTP } from "otpauth";
import type { TokenProvider } from "../../client";

/** A user of a deployed pool. */
export interface SrpCredentials {
    readonly userPoolId: string;
    readonly clientId: string;
    readonly username: string;
    readonly password: string;
    /** Base32 TOTP secret of the user's authenticator, when the pool requires MFA. */
    readonly totpSecret?: string;
    /** Another Cognito endpoint (tests). */
    readonly endpoint?: string;
}

/** Signs in once with SRP (and TOTP when challenged); signs in again when asked for a fresh token. */
export function srpTokenProvider(c: SrpCredentials): TokenProvider {
    let current: Promise<string> | undefined;
    const signIn = () => new Promise<string>((resolve, reject) => {
        const pool = new CognitoUserPool({ UserPoolId: c.userPoolId, ClientId: c.clientId, ...(c.endpoint ? { endpoint: c.endpoint } : {}) });
        const user = new CognitoUser({ Username: c.username, Pool: pool });
        const done = { onSuccess: (s: CognitoUserSession) => resolve(s.getIdToken().getJwtToken()), onFailure: (e: Error) => reject(new Error(`SRP sign-in of ${c.username} failed: ${e.name}: ${e.message}`)) };
        user.authenticateUser(new AuthenticationDetails({ Username: c.username, Password: c.password }), {
            ...done,
            totpRequired: () => {
                if (!c.totpSecret) return reject(new Error(`The pool asks ${c.username} for a TOTP code: set the user's TOTP secret (SMOKE_TOTP_SECRET / SMOKE_APPROVER_TOTP_SECRET)`));
                user.sendMFACode(new TOTP({ secret: Secret.fromBase32(c.totpSecret) }).generate(), done, "SOFTWARE_TOKEN_MFA");
            },
            mfaRequired: () => reject(new Error(`The pool asks ${c.username} for an SMS code; the smoke suite supports TOTP only`)),
            newPasswordRequired: () => reject(new Error(`${c.username} must set a new password first (FORCE_CHANGE_PASSWORD): sign in once by hand`)),
            mfaSetup: () => reject(new Error(`${c.username} must enrol TOTP first (MFA_SETUP)`)),
        });
    });
    return ({ forceRefresh }) => {
        if (!current || forceRefresh) current = signIn().catch(e => { current = undefined; throw e; });
        return current;
    };
}
