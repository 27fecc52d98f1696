/**
 * Sign-in to a deployed pool (scripts/lib/srp.ts) cannot be proven offline (the local user pool has
 * no SRP): this checks the first request it sends, against a stand-in endpoint that records it.
 */
import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { srpTokenProvider } from "../../scripts/lib/srp";

describe("smoke sign-in with SRP (request shape only)", () => {
    it("starts USER_SRP_AUTH for the app client with the user name and an SRP_A, and reports the pool's refusal", async () => {
        const seen: Array<{ target: string; body: any }> = [];
        const server = http.createServer((req, res) => {
            let text = "";
            req.on("data", c => { text += c; });
            req.on("end", () => {
                seen.push({ target: String(req.headers["x-amz-target"]), body: JSON.parse(text) });
                res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
                res.end(JSON.stringify({ __type: "NotAuthorizedException", message: "Incorrect username or password." }));
            });
        });
        await new Promise<void>(r => server.listen(0, "127.0.0.1", r));
        try {
            const provider = srpTokenProvider({
                userPoolId: "us-east-1_AbCdEfGhI", clientId: "client123", username: "smoke-user", password: "wrong",
                endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
            });
            let error: Error | undefined;
            await Promise.resolve(provider({ forceRefresh: false })).catch(e => { error = e; });
            expect(error?.message).to.equal("SRP sign-in of smoke-user failed: NotAuthorizedException: Incorrect username or password.");
            expect(seen).to.have.length(1);
            expect(seen[0].target).to.equal("AWSCognitoIdentityProviderService.InitiateAuth");
            expect(seen[0].body).to.deep.include({ AuthFlow: "USER_SRP_AUTH", ClientId: "client123" });
            expect(seen[0].body.AuthParameters.USERNAME).to.equal("smoke-user");
            expect(seen[0].body.AuthParameters.SRP_A).to.match(/^[0-9a-f]{600,800}$/);
            expect(JSON.stringify(seen[0].body)).to.not.contain("wrong");
        } finally {
            server.close();
        }
    });
});
