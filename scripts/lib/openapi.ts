/**
 * The API contract as an OpenAPI 3.1 document, generated from the one route list
 * (handlers/shared/routes.ts), the zod schemas the handlers parse with (z.toJSONSchema) and the
 * operations of scripts/lib/apiContract.ts; and the README's API reference, rendered from that
 * document. `npm run openapi` writes docs/openapi.json, client/openapi.ts and the README section;
 * tests/logic/openapi.spec.ts fails when any of them differs from what this produces now.
 */
import * as z from "zod/mini";
import { ROUTES, STAGE } from "../../handlers/shared/routes";
import { ErrorCase, GATEWAY_ERRORS, OPERATIONS, OperationSpec, SCHEMAS, SchemaName } from "./apiContract";

/** Schemas that describe requests: rendered as the input they accept; the rest as the output they produce. */
const INPUT_SCHEMAS: ReadonlySet<SchemaName> = new Set(["ItemInput", "ItemUpdate", "DecisionInput"]);

type Json = Record<string, any>;

/** Drops `$schema`/`$id`, and `additionalProperties: false` from answers: clients must accept fields added later. */
function clean(schema: Json, output: boolean): Json {
    const walk = (node: any): any => {
        if (Array.isArray(node)) return node.map(walk);
        if (!node || typeof node !== "object") return node;
        const out: Json = {};
        for (const [k, v] of Object.entries(node)) {
            if (k === "$schema" || k === "$id") continue;
            if (output && k === "additionalProperties" && v === false) continue;
            out[k] = walk(v);
        }
        return out;
    };
    return walk(schema);
}

function componentSchemas(): Json {
    const build = (io: "input" | "output") => {
        const registry = z.registry<{ id: string }>();
        for (const [id, schema] of Object.entries(SCHEMAS)) if (INPUT_SCHEMAS.has(id as SchemaName) === (io === "input")) registry.add(schema as z.ZodMiniType, { id });
        const { schemas } = z.toJSONSchema(registry, { io, uri: id => `#/components/schemas/${id}` });
        return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, clean(s as Json, io === "output")]));
    };
    const all = { ...build("input"), ...build("output") };
    return Object.fromEntries(Object.keys(SCHEMAS).map(id => [id, all[id]]));
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

/** Query parameters from an object schema. */
function queryParameters(schema: z.ZodMiniType): Json[] {
    const json = clean(z.toJSONSchema(schema, { io: "input" }) as Json, false);
    const required: string[] = json.required ?? [];
    return Object.entries<Json>(json.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: required.includes(name), schema: s }));
}

function errorResponses(cases: readonly ErrorCase[], auth: boolean): Json {
    const byStatus = new Map<number, ErrorCase[]>();
    for (const c of cases) byStatus.set(c.status, [...(byStatus.get(c.status) ?? []), c]);
    const out: Json = {};
    for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
        out[status] = {
            description: list.map(c => `\`${c.code}\`: ${c.when}`).join("; "),
            ...(list.some(c => c.retryAfter) ? { headers: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } } } } : {}),
            content: { "application/json": { schema: ref("Error") } },
        };
    }
    // 403 `Missing Authentication Token` answers unknown routes, never a declared one.
    for (const g of GATEWAY_ERRORS.filter(g => g.status !== 403 && (auth || g.status !== 401))) {
        if (out[g.status]) continue;
        out[g.status] = { description: `API Gateway: ${g.when}`, content: { "application/json": { schema: ref("GatewayError") } } };
    }
    out[500] = { description: "`INTERNAL`: an unexpected error (logged without the request)", content: { "application/json": { schema: ref("Error") } } };
    return out;
}

function operation(route: { method: string; path: string; auth: boolean }, spec: OperationSpec, problems: string[]): Json {
    const name = `${route.method} ${route.path}`;
    const params = [...route.path.matchAll(/\{([^}]+)\}/g)].map(m => m[1]);
    const parameters: Json[] = [];
    for (const p of params) {
        const def = spec.pathParams?.[p];
        if (!def) { problems.push(`${name}: path parameter {${p}} has no pattern in its operation's pathParams`); continue; }
        parameters.push({ name: p, in: "path", required: true, description: def.description, schema: { type: "string", pattern: def.pattern.source } });
    }
    for (const p of Object.keys(spec.pathParams ?? {})) if (!params.includes(p)) problems.push(`${name}: pathParams names {${p}}, which the path does not have`);
    for (const h of spec.headers ?? []) {
        parameters.push({ name: h.name, in: "header", required: h.required, description: h.description, schema: { type: "string", ...(h.pattern ? { pattern: h.pattern.source } : {}) } });
    }
    if (spec.query) parameters.push(...queryParameters(spec.query));
    const responses: Json = errorResponses(spec.errors, route.auth);
    for (const [status, r] of Object.entries(spec.responses)) {
        responses[status] = {
            description: r.description,
            ...(r.headers ? { headers: Object.fromEntries(Object.entries(r.headers).map(([h, d]) => [h, { description: d, schema: { type: "string" } }])) } : {}),
            ...(r.schema ? { content: { "application/json": { schema: ref(r.schema) } } } : {}),
        };
    }
    return {
        operationId: spec.operationId,
        tags: [spec.tag],
        summary: spec.summary,
        ...(spec.description ? { description: spec.description } : {}),
        security: route.auth ? [{ cognito: [] }] : [],
        ...(parameters.length ? { parameters } : {}),
        ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(spec.body.schema), example: spec.body.example } } } } : {}),
        responses,
        "x-platform-errors": spec.errors.map(e => ({ status: e.status, code: e.code, when: e.when })),
    };
}

/**
 * Builds the document. Throws one error listing every route without an operation, every operation
 * without a route and every path parameter without a pattern: a new route cannot ship undocumented.
 */
export function buildOpenApi(routes: ReadonlyArray<{ method: string; path: string; auth: boolean }> = ROUTES, operations: Readonly<Record<string, OperationSpec>> = OPERATIONS, version = "1.0.0"): Json {
    const problems: string[] = [];
    const paths: Json = {};
    const names = new Set(routes.map(r => `${r.method} ${r.path}`));
    for (const route of routes) {
        const name = `${route.method} ${route.path}`;
        const spec = operations[name];
        if (!spec) { problems.push(`${name}: no operation in scripts/lib/apiContract.ts OPERATIONS (schemas, answers and error codes of the route)`); continue; }
        (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, spec, problems);
    }
    for (const name of Object.keys(operations)) if (!names.has(name)) problems.push(`${name}: an operation for a route that handlers/shared/routes.ts does not have`);
    const ids = Object.values(operations).map(o => o.operationId);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`operationId ${id} is used twice`);
    if (problems.length) throw new Error(`OpenAPI document not generated (${problems.length} problem${problems.length > 1 ? "s" : ""}):\n${problems.map(p => `  - ${p}`).join("\n")}`);
    return {
        openapi: "3.1.0",
        info: {
            title: "platform API",
            version,
            description: "The API every region of a platform stack serves. Call a region's own name (`https://<region>.<apiDomain>`, or its execute-api URL with the stage) or the latency-routed `https://<apiDomain>`; the client library (`client/`) fails over between regions within one call.",
        },
        servers: [
            { url: "https://{apiDomain}", description: "Latency-routed name (Route 53), with platform:dns", variables: { apiDomain: { default: "api.example.com" } } },
            { url: "https://{region}.{apiDomain}", description: "One region's own name, with platform:dns", variables: { region: { default: "us-east-1" }, apiDomain: { default: "api.example.com" } } },
            { url: `https://{restApiId}.execute-api.{region}.amazonaws.com/${STAGE}`, description: "One region's execute-api URL (stack output apiUrls)", variables: { restApiId: { default: "abc123" }, region: { default: "us-east-1" } } },
        ],
        tags: [
            { name: "items", description: "The caller's own items (partition `USER#<sub>`)" },
            { name: "approvals", description: "Publish requests and approvers' decisions" },
            { name: "health", description: "Region health for Route 53 and clients" },
        ],
        paths,
        components: {
            securitySchemes: {
                cognito: { type: "apiKey", in: "header", name: "Authorization", description: "The user pool ID token as is (no `Bearer ` prefix), as the REST API's Cognito authorizer reads it" },
            },
            schemas: componentSchemas(),
        },
    };
}

/** The document as written to docs/openapi.json. */
export function openApiText(doc: Json = buildOpenApi()): string {
    return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Markers of the README's generated section. */
export const README_START = "<!-- api-reference:start (generated from docs/openapi.json by npm run openapi; edit scripts/lib/apiContract.ts) -->";
export const README_END = "<!-- api-reference:end -->";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function curl(method: string, path: string, op: Json): string {
    const parts = [`curl -s${method === "GET" ? "" : ` -X ${method}`} "$API${path.replace(/\{(\w+)\}/g, (_m, p) => `$${p.toUpperCase()}`)}`];
    const query = (op.parameters ?? []).filter((p: Json) => p.in === "query" && p.required).map((p: Json) => `${p.name}=${p.schema.const ?? "..."}`);
    parts[0] += query.length ? `?${query.join("&")}"` : `"`;
    if ((op.security ?? []).length) parts.push(`-H "Authorization: $TOKEN"`);
    for (const h of (op.parameters ?? []).filter((p: Json) => p.in === "header")) parts.push(`-H "${h.name}: ${h.name === "Idempotency-Key" ? "$(uuidgen)" : "..."}"`);
    const example = op.requestBody?.content?.["application/json"]?.example;
    if (example !== undefined) parts.push(`-H 'Content-Type: application/json' -d '${JSON.stringify(example)}'`);
    return parts.join(" ");
}

/** The README's API reference: every route with its parameters, answers, error codes and a curl example. */
export function renderReference(doc: Json): string {
    const lines: string[] = [README_START, ""];
    lines.push("| route | auth | what | success |", "| --- | --- | --- | --- |");
    const ops: Array<[string, string, Json]> = [];
    for (const [path, methods] of Object.entries<Json>(doc.paths)) for (const [method, op] of Object.entries<Json>(methods)) ops.push([method.toUpperCase(), path, op]);
    for (const [method, path, op] of ops) {
        const success = Object.keys(op.responses).filter(s => Number(s) < 400).join(", ");
        lines.push(`| \`${method} ${path}\` | ${(op.security ?? []).length ? "ID token" : "none"} | ${cell(op.summary)} | ${success} |`);
    }
    lines.push("", "Error answers are `{\"error\": {\"code\", \"message\", ...details}}` with these codes (API Gateway's own answers are `{\"message\"}`: 401 `Unauthorized`, 403 `Missing Authentication Token` for an unknown route, 413, 429 `Too Many Requests`, 502, 504; any route may answer 500 `INTERNAL`):", "");
    for (const [method, path, op] of ops) {
        lines.push(`**\`${method} ${path}\`**: ${cell(op.description ?? op.summary)}`, "");
        const params = (op.parameters ?? []).filter((p: Json) => p.in !== "path");
        for (const p of params) {
            const schema = p.schema as Json;
            const range = schema.minimum !== undefined ? ` ${schema.minimum}-${schema.maximum}` : "";
            lines.push(`- ${p.in} \`${p.name}\`${p.required ? " (required)" : ""}: ${schema.const !== undefined ? `\`${schema.const}\`` : `${schema.type}${range}`}${p.description ? `. ${cell(p.description)}` : ""}`);
        }
        const body = op.requestBody?.content?.["application/json"];
        if (body) lines.push(`- body: \`${body.schema.$ref.split("/").pop()}\`, e.g. \`${JSON.stringify(body.example)}\``);
        for (const e of op["x-platform-errors"] as Json[]) lines.push(`- ${e.status} \`${e.code}\`: ${cell(e.when)}`);
        lines.push("", "```sh", curl(method, path, op), "```", "");
    }
    lines.push(README_END);
    return lines.join("\n");
}

/** `readme` with its generated section replaced by `section`; throws when the markers are missing. */
export function withReference(readme: string, section: string): string {
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    if (start < 0 || end < start) throw new Error(`README.md has no API reference markers (${README_START} ... ${README_END})`);
    return readme.slice(0, start) + section + readme.slice(end + README_END.length);
}

/** The client's types (client/openapi.ts), generated from the document by openapi-typescript. */
export async function clientTypesText(doc: Json = buildOpenApi()): Promise<string> {
    const { default: openapiTS, astToString } = await import("openapi-typescript");
    const body = astToString(await openapiTS(doc as any, { alphabetize: false, exportType: true }));
    return `/**\n * Types of the API contract, generated from docs/openapi.json by openapi-typescript (npm run openapi).\n * Do not edit: change scripts/lib/apiContract.ts or the handlers' schemas and regenerate.\n */\n${body}`;
}
