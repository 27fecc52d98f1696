/** Domain errors carry their own status; errorResponse maps them, and only them, to 4xx/503 JSON. */
import { expect } from "chai";
import * as errors from "../../handlers/shared/errors";
import { REGION } from "./helpers/local";

const { DomainError } = errors;

/** Every class, how it is built, and the status and code the API has always answered with. */
const TABLE: { cls: string; make: () => errors.DomainError; status: number; code: string }[] = [
    { cls: "ValidationError", make: () => new errors.ValidationError("bad", { field: "title" }), status: 400, code: "VALIDATION" },
    { cls: "UnauthorizedError", make: () => new errors.UnauthorizedError(), status: 401, code: "UNAUTHORIZED" },
    { cls: "ForbiddenError", make: () => new errors.ForbiddenError("SELF_APPROVAL", "no"), status: 403, code: "SELF_APPROVAL" },
    { cls: "NotFoundError", make: () => new errors.NotFoundError(), status: 404, code: "NOT_FOUND" },
    { cls: "MethodNotAllowedError", make: () => new errors.MethodNotAllowedError(), status: 405, code: "METHOD_NOT_ALLOWED" },
    { cls: "ConflictError", make: () => new errors.ConflictError("STALE_VERSION", "old", { currentVersion: 3 }), status: 409, code: "STALE_VERSION" },
    { cls: "GoneError", make: () => new errors.GoneError("REQUEST_EXPIRED", "gone"), status: 410, code: "REQUEST_EXPIRED" },
    { cls: "PayloadTooLargeError", make: () => new errors.PayloadTooLargeError("big"), status: 413, code: "PAYLOAD_TOO_LARGE" },
    { cls: "UnsupportedMediaTypeError", make: () => new errors.UnsupportedMediaTypeError(), status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
    { cls: "ServiceUnavailableError", make: () => new errors.ServiceUnavailableError("later"), status: 503, code: "SERVICE_UNAVAILABLE" },
];

describe("domain errors", () => {
    // Loaded in before(), not at load: Powertools reads AWS_REGION when its module loads, and
    // every spec file is loaded before any runs (see telemetry.spec.ts).
    let errorResponse: typeof import("../../handlers/shared/http").errorResponse;
    let logger: typeof import("../../handlers/shared/powertools").logger;
    before(() => {
        process.env.AWS_REGION ??= REGION;
        ({ errorResponse } = require("../../handlers/shared/http"));
        ({ logger } = require("../../handlers/shared/powertools"));
    });
    it("lists every exported error class in this table (a new class needs its row)", () => {
        const exported = Object.entries(errors)
            .filter(([, v]) => typeof v === "function" && v !== DomainError && (v as Function).prototype instanceof DomainError)
            .map(([k]) => k);
        expect(exported.sort()).to.deep.equal(TABLE.map(t => t.cls).sort());
    });

    for (const t of TABLE) {
        it(`${t.cls} answers ${t.status} with code ${t.code}`, () => {
            const e = t.make();
            expect(e).to.be.instanceOf(DomainError);
            expect(e.statusCode).to.equal(t.status);
            const response = errorResponse(e);
            expect(response.statusCode).to.equal(t.status);
            // Plus the region that answered (handlers/shared/cors.ts); no CORS headers without CORS_ALLOW_ORIGIN.
            const { "x-platform-region": answeredIn, ...rest } = response.headers as Record<string, string>;
            expect(rest).to.deep.equal({ "content-type": "application/json", "cache-control": "no-store" });
            expect(answeredIn).to.match(/^[a-z]{2}-[a-z]+-\d$/);
            expect(JSON.parse(response.body)).to.deep.equal({ error: { code: t.code, message: e.message, ...(e.details ?? {}) } });
        });
    }

    it("anything that is not a domain error is a 500 that says nothing about it", () => {
        const level = logger.getLevelName();
        logger.setLogLevel("SILENT");
        let response;
        try {
            response = errorResponse(new Error("table platform-prod not found; token=abc"));
        } finally {
            logger.setLogLevel(level);
        }
        expect(response.statusCode).to.equal(500);
        expect(JSON.parse(response.body)).to.deep.equal({ error: { code: "INTERNAL", message: "Internal error" } });
    });
});
