/** Handler logs carry a correlation id and never the request body, the caller's email or a token. */
import { expect } from "chai";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { apiEvent, LocalTable, startLocalTable } from "./helpers/local";

describe("handler logs (redaction)", () => {
    let local: LocalTable;
    let handler: (e: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
    let logger: { setLogLevel(level: string): void };
    before(async () => {
        local = await startLocalTable();
        handler = require("../../handlers/api/items").handler;
        logger = require("../../handlers/shared/powertools").logger;
    });
    after(async () => {
        logger.setLogLevel("SILENT");
        await local.close();
    });

    it("logs an unexpected failure with the request id and nothing from the request", async () => {
        logger.setLogLevel("DEBUG");
        const lines: string[] = [];
        const streams = [process.stdout, process.stderr];
        const writes = streams.map(s => s.write);
        for (const s of streams) (s as any).write = (chunk: unknown) => { lines.push(String(chunk)); return true; };
        let res: APIGatewayProxyResult;
        await local.close(); // the replica goes away: the handler hits an unexpected error
        try {
            res = await handler(apiEvent({
                method: "POST", resource: "/items", body: { title: "SECRET-TITLE", body: "card 4111 1111 1111 1111" },
                headers: { Authorization: "eyJ.SECRET.TOKEN", "Idempotency-Key": "key-1" },
            }));
        } finally {
            streams.forEach((s, i) => { (s as any).write = writes[i]; });
            local = await startLocalTable();
        }
        expect(res!.statusCode).to.equal(500);
        expect(JSON.parse(res!.body)).to.deep.equal({ error: { code: "INTERNAL", message: "Internal error" } });
        const text = lines.join("");
        expect(text).to.contain("\"correlationId\":\"req-1\"");
        for (const secret of ["SECRET-TITLE", "4111", "eyJ.SECRET.TOKEN", "alice@example.com", "alice-0001"]) expect(text, secret).to.not.contain(secret);
    });
});
