/**
 * Sign-in through a home-region outage on the local platform, with the user pool replicated to
 * eu-west-1 (platform:identity.replicaRegion): the failed-over pool signs users in and refreshes
 * their tokens, every region's API accepts what it issues, and directory writes (sign-up, password
 * changes) are refused with Cognito's secondary-Region error until the home region is back.
 * The pool's own rules (self sign-up off, no replica, password policy) run on a pool without a platform.
 */
import { expect } from "chai";
import { decodeJwt } from "jose";
import { SECONDARY_AUTH_OPERATIONS } from "../../components/logic/cognito";
import { formatGroupsClaim } from "../../handlers/shared/claims";
import { cognitoAuthorizer, LocalUserPool } from "../../local/cognito";
import { call, eventually, LocalPlatform, startTestPlatform } from "../helpers/localPlatform";

const US = "us-east-1";
const EU = "eu-west-1";

/** One call of the pool's JSON API: status, body, Cognito's error type header. */
async function cognito(endpoint: string, operation: string, body: object) {
    const res = await fetch(`${endpoint}/`, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityProviderService.${operation}` },
        body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any, errorType: res.headers.get("x-amzn-errortype") };
}

describe("local platform: sign-in survives the home region (user pool replicated to eu-west-1)", function () {
    this.timeout(60_000);
    let platform: LocalPlatform;
    let endpoint: string;
    let clientId: string;
    const password = (u: string) => platform.ready.users.find(x => x.username === u)!.password;
    const signIn = (username: string, pass = password(username)) =>
        cognito(endpoint, "InitiateAuth", { AuthFlow: "USER_PASSWORD_AUTH", ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: pass } });
    const control = (path: string) => call(`${platform.ready.control}${path}`, { method: "POST" });
    const api = (region: string) => platform.ready.regions[region].api;

    before(async () => {
        platform = await startTestPlatform({ configOverrides: { identity: { replicaRegion: EU } } });
        ({ endpoint, clientId } = platform.ready.cognito);
    });
    after(() => platform.stop());

    it("names both regions' issuers in the ready file, the home one first", () => {
        const { issuer, issuers, replicaRegion, userPoolId } = platform.ready.cognito;
        expect(replicaRegion).to.equal(EU);
        expect(issuers).to.deep.equal([issuer, `${endpoint}/${EU}/${userPoolId}`]);
    });

    it("with the primary up: signs up (self sign-up is on in dev), confirms with the emailed code, signs in under the home issuer", async () => {
        const up = await cognito(endpoint, "SignUp", { ClientId: clientId, Username: "dave@example.com", Password: "Dave-is-new-42!", UserAttributes: [{ Name: "email", Value: "dave@example.com" }] });
        expect(up.status).to.equal(200);
        expect(up.body).to.deep.include({ UserConfirmed: false, CodeDeliveryDetails: { Destination: "d***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" } });
        expect((await signIn("dave@example.com", "Dave-is-new-42!")).body).to.deep.equal({ __type: "UserNotConfirmedException", message: "User is not confirmed." });
        const { emails } = (await call(`${platform.ready.control}/cognito/emails`)).body;
        const code = emails.find((m: any) => m.to === "dave@example.com").code;
        expect((await cognito(endpoint, "ConfirmSignUp", { ClientId: clientId, Username: "dave@example.com", ConfirmationCode: code === "000000" ? "000001" : "000000" })).errorType).to.equal("CodeMismatchException");
        expect((await cognito(endpoint, "ConfirmSignUp", { ClientId: clientId, Username: "dave@example.com", ConfirmationCode: code })).status).to.equal(200);
        const dave = await signIn("dave@example.com", "Dave-is-new-42!");
        expect(dave.status).to.equal(200);
        expect(decodeJwt(dave.body.AuthenticationResult.IdToken)).to.include({ iss: platform.ready.cognito.issuer, email: "dave@example.com" });
        expect((await cognito(endpoint, "SignUp", { ClientId: clientId, Username: "dave@example.com", Password: "Dave-is-new-42!" })).body)
            .to.deep.equal({ __type: "UsernameExistsException", message: "An account with the given email already exists." });
    });

    it("home region failed: alice signs in at the same endpoint, gets replica-issued tokens, and reads her items in eu-west-1", async () => {
        const before = await signIn("alice");
        const homeToken: string = before.body.AuthenticationResult.IdToken;
        const refreshToken: string = before.body.AuthenticationResult.RefreshToken;
        const created = await call(`${api(US)}/items`, { method: "POST", token: homeToken, body: { title: "written before the outage" } });
        expect(created.status).to.equal(201);
        await platform.settled();

        expect((await control(`/regions/${US}/fail`)).body.userPool).to.deep.equal({ available: true, servingRegion: EU, failedOver: true });
        const during = await signIn("alice");
        expect(during.status).to.equal(200);
        const replicaToken: string = during.body.AuthenticationResult.IdToken;
        const claims = decodeJwt(replicaToken);
        expect(claims.iss).to.equal(platform.ready.cognito.issuers[1]);
        expect(claims.sub).to.equal(decodeJwt(homeToken).sub); // one directory: the same user, the same rows
        // Her refresh token from before the outage works at the replica too.
        const refreshed = await cognito(endpoint, "InitiateAuth", { AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } });
        expect(decodeJwt(refreshed.body.AuthenticationResult.IdToken).iss).to.equal(platform.ready.cognito.issuers[1]);

        for (const token of [replicaToken, homeToken]) {
            const listed = await eventually(async () => {
                const res = await call(`${api(EU)}/items`, { token });
                return res.status === 200 && res.body.items.length === 1 ? res : undefined;
            }, 5000, "alice's item in eu-west-1");
            expect(listed.body.items[0].title).to.equal("written before the outage");
        }
        // The home region's API is down with its region, whatever the token.
        const refused = await call(`${api(US)}/items`, { token: replicaToken }).catch((e: Error) => e);
        expect(refused, "the failed region answered").to.be.instanceOf(Error);
    });

    it("home region failed: sign-up, confirmation and password changes get OperationNotEnabledException from the secondary", async () => {
        const alice = await signIn("alice");
        const refusals = [
            await cognito(endpoint, "SignUp", { ClientId: clientId, Username: "erin@example.com", Password: "Erin-is-new-42!" }),
            await cognito(endpoint, "ConfirmSignUp", { ClientId: clientId, Username: "erin@example.com", ConfirmationCode: "123456" }),
            await cognito(endpoint, "ChangePassword", { AccessToken: alice.body.AuthenticationResult.AccessToken, PreviousPassword: password("alice"), ProposedPassword: "Alice-new-pass-42!" }),
        ];
        for (const r of refusals) {
            expect(r.status).to.equal(400);
            expect(r.errorType).to.equal("OperationNotEnabledException");
            expect(r.body.__type).to.equal("OperationNotEnabledException");
        }
        expect(refusals[0].body.message).to.equal(`SignUp is not available in the secondary Region ${EU} of this user pool (the primary Region ${US} is unavailable)`);
        expect((await signIn("alice")).status, "her password did not change").to.equal(200);
        // What the secondary serves is AWS's list for an ACTIVE replica: sign-in yes, sign-up and password changes no.
        expect(SECONDARY_AUTH_OPERATIONS).to.include("InitiateAuth").and.not.include("SignUp").and.not.include("ChangePassword");
    });

    it("every region trusts the replica only because its authorizer lists the replica's issuer", async () => {
        const replicaToken = (await signIn("alice")).body.AuthenticationResult.IdToken;
        const [home, replica] = platform.userPool.issuers;
        const both = cognitoAuthorizer({ issuers: [home, replica], clientIds: [clientId], formatGroups: formatGroupsClaim });
        const homeOnly = cognitoAuthorizer({ issuers: [home], clientIds: [clientId], formatGroups: formatGroupsClaim });
        expect((await both(replicaToken))?.["cognito:username"]).to.equal("alice");
        expect(await homeOnly(replicaToken)).to.equal(undefined);
    });

    it("home region recovered: sign-in is the primary's again and sign-up works", async () => {
        expect((await control(`/regions/${US}/recover`)).body.userPool).to.deep.equal({ available: true, servingRegion: US, failedOver: false });
        expect(decodeJwt((await signIn("alice")).body.AuthenticationResult.IdToken).iss).to.equal(platform.ready.cognito.issuer);
        const up = await cognito(endpoint, "SignUp", { ClientId: clientId, Username: "erin@example.com", Password: "Erin-is-new-42!" });
        expect(up.status).to.equal(200);
        expect(up.body.UserConfirmed).to.equal(false);
    });
});

describe("local user pool: its own rules", () => {
    const pools: LocalUserPool[] = [];
    const start = async (o: Partial<Parameters<typeof LocalUserPool.start>[0]> = {}) => {
        const pool = await LocalUserPool.start({ region: US, ...o });
        pools.push(pool);
        return pool;
    };
    after(() => Promise.all(pools.map(p => p.stop())));

    it("refuses SignUp with Cognito's error when self sign-up is off", async () => {
        const pool = await start({ selfSignUp: false });
        const r = await cognito(pool.endpoint, "SignUp", { ClientId: pool.clientId, Username: "zed@example.com", Password: "Zed-is-new-42!" });
        expect([r.status, r.errorType, r.body]).to.deep.equal([400, "NotAuthorizedException", { __type: "NotAuthorizedException", message: "SignUp is not permitted for this user pool" }]);
    });

    it("holds sign-up and password changes to the pool's policy, and changes a password with the user's access token", async () => {
        const pool = await start({ selfSignUp: true, users: [{ username: "amy", email: "amy@example.com", groups: [], password: "Amy-password-42!" }] });
        expect((await cognito(pool.endpoint, "SignUp", { ClientId: pool.clientId, Username: "bo@example.com", Password: "short-1A!" })).body)
            .to.deep.equal({ __type: "InvalidPasswordException", message: "Password did not conform with policy: Password not long enough" });
        expect((await cognito(pool.endpoint, "SignUp", { ClientId: pool.clientId, Username: "bo@example.com", Password: "NoSymbolsInHere123" })).body.message).to.equal("Password did not conform with policy: Password must have symbol characters");
        expect((await cognito(pool.endpoint, "SignUp", { ClientId: pool.clientId, Username: "bo", Password: "Bo-password-42!" })).body.message).to.equal("Username should be an email.");
        const { AccessToken } = await pool.signIn("amy", "Amy-password-42!");
        expect((await cognito(pool.endpoint, "ChangePassword", { AccessToken, PreviousPassword: "wrong", ProposedPassword: "Amy-password-43!" })).errorType).to.equal("NotAuthorizedException");
        expect((await cognito(pool.endpoint, "ChangePassword", { AccessToken, PreviousPassword: "Amy-password-42!", ProposedPassword: "amy-password-43!" })).body.message).to.equal("Password did not conform with policy: Password must have uppercase characters");
        expect((await cognito(pool.endpoint, "ChangePassword", { AccessToken, PreviousPassword: "Amy-password-42!", ProposedPassword: "Amy-password-43!" })).status).to.equal(200);
        await pool.signIn("amy", "Amy-password-43!");
        expect((await cognito(pool.endpoint, "ChangePassword", { AccessToken: "not-a-token", PreviousPassword: "x", ProposedPassword: "y" })).body).to.deep.equal({ __type: "NotAuthorizedException", message: "Invalid Access Token" });
    });

    it("without a replica, a home-region failure stops sign-in (and the replica's region failing alone changes nothing with one)", async () => {
        const solo = await start();
        solo.regionFailed(US);
        const r = await cognito(solo.endpoint, "InitiateAuth", { AuthFlow: "USER_PASSWORD_AUTH", ClientId: solo.clientId, AuthParameters: { USERNAME: "alice", PASSWORD: solo.users[0].password } });
        expect([r.status, r.body.__type]).to.deep.equal([503, "InternalErrorException"]);
        expect([solo.available, solo.servingRegion]).to.deep.equal([false, undefined]);

        const replicated = await start({ replicaRegion: EU });
        replicated.regionFailed(EU);
        expect([replicated.servingRegion, replicated.failedOver]).to.deep.equal([US, false]);
        replicated.regionFailed(US);
        expect(replicated.available).to.equal(false);
    });
});
