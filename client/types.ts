/** The API's types, by name: aliases of the generated contract (client/openapi.ts, from docs/openapi.json). */
import type { components } from "./openapi";

type Schemas = components["schemas"];
export type Item = Schemas["Item"];
export type ItemWithConflicts = Schemas["ItemWithConflicts"];
export type ConflictCopy = Schemas["ConflictCopy"];
export type ConflictList = Schemas["ConflictList"];
export type Home = Schemas["Home"];
export type PublishedView = Schemas["PublishedView"];
export type PublishedPage = Schemas["PublishedPage"];
export type Notice = Schemas["Notice"];
export type NoticePage = Schemas["NoticePage"];
export type ItemInput = Schemas["ItemInput"];
export type ItemPage = Schemas["ItemPage"];
export type RequestView = Schemas["RequestView"];
export type PublishResponse = Schemas["PublishResponse"];
export type RequestPage = Schemas["RequestPage"];
export type DecisionInput = Schemas["DecisionInput"];
export type Decision = DecisionInput["decision"];
export type HealthBody = Schemas["Health"];
/** The platform's error body (`{ "error": { "code", "message", ... } }`). */
export type ErrorBody = Schemas["Error"];
