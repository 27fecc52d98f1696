/**
 * Every REST API method requires authorization, except routes allow-listed as public (the
 * unauthenticated health check Route 53 calls) and CORS preflights: an `OPTIONS` method whose
 * integration is MOCK is answered by API Gateway itself with fixed headers (browsers send
 * preflights without credentials, so they cannot be authorized), and reaches no backend. The
 * integration is found through its `httpMethod` dependency on the method. The route is resolved through the engine's
 * property dependencies of the method's `resourceId`, which exist during a real preview even
 * when ids are unknown; a method whose route cannot be resolved is reported (fail closed).
 */
import type { PolicyResource } from "@pulumi/policy";
import { dependenciesOf, list, ofTypes, stackRule, str } from "./lib";

const OPEN = new Set(["NONE", undefined, null, ""]);

/** Path of an API Gateway resource (`/` for the API's root), or undefined when it cannot be told. */
function pathOf(r: PolicyResource | undefined, depth = 0): string | undefined {
    if (!r || depth > 20) return undefined;
    if (r.type === "aws:apigateway/restApi:RestApi") return "/";
    if (r.type !== "aws:apigateway/resource:Resource") return undefined;
    if (str(r.props.path)) return r.props.path;
    const parent = pathOf(dependenciesOf(r, "parentId")[0], depth + 1);
    const part = str(r.props.pathPart);
    return parent === undefined || !part ? undefined : `${parent === "/" ? "" : parent}/${part}`;
}

/** The path of the API resource a method hangs on, or undefined when it cannot be told. */
export function routePathOf(method: PolicyResource): string | undefined {
    return pathOf(dependenciesOf(method, "resourceId")[0]);
}

/** Whether `method` is a CORS preflight answered by a MOCK integration (no backend behind it). */
function isMockPreflight(method: PolicyResource, resources: readonly PolicyResource[]): boolean {
    return method.props.httpMethod === "OPTIONS" && ofTypes(resources, "aws:apigateway/integration:Integration")
        .some(i => i.props.type === "MOCK" && dependenciesOf(i, "httpMethod").some(d => d.urn === method.urn));
}

export const apigatewayMethodAuthorization = stackRule({
    name: "apigateway-method-authorization",
    description: "REST API methods require authorization (Cognito, IAM or a custom authorizer) unless the route is allow-listed as public or is a CORS preflight (OPTIONS answered by a MOCK integration).",
    controls: [],
    level: "mandatory",
    severity: "critical",
    remediation: "set authorization \"COGNITO_USER_POOLS\" with authorizerId on the method, or add \"METHOD /path\" to the publicRoutes option if it must be public",
    configSchema: {
        properties: {
            publicRoutes: { type: "array", items: { type: "string" }, default: ["GET /health"], description: "Routes (`METHOD /path`) that may be called without authorization." },
        },
    },
}, (resources, config) => {
    const publicRoutes = new Set(list<string>(config.publicRoutes ?? ["GET /health"]));
    return ofTypes(resources, "aws:apigateway/method:Method")
        .filter(m => OPEN.has(m.props.authorization) && !isMockPreflight(m, resources))
        .flatMap(m => {
            const path = routePathOf(m);
            const route = `${m.props.httpMethod ?? "?"} ${path ?? "(unresolved path)"}`;
            return path !== undefined && publicRoutes.has(route) ? [] : [{ urn: m.urn, message: `${m.name} (${m.type}): ${route} is callable without authorization` }];
        });
});
