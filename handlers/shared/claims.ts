/**
 * User-pool group membership as an API Gateway REST API Cognito user pool authorizer passes it to
 * a Lambda proxy integration, in `event.requestContext.authorizer.claims`. The handlers parse it
 * with {@link parseGroupsClaim}; the local platform, which plays the authorizer, builds it with
 * {@link formatGroupsClaim}, so both sides agree on one format. No imports: the handlers' bundles
 * and the local platform load it.
 *
 * The format. The ID token carries `cognito:groups` as a JSON array of group names. A REST API
 * authorizer (`COGNITO_USER_POOLS`) hands every claim to the integration as a string, and an
 * array claim becomes its names joined with a comma, no brackets, no spaces:
 * `["approvers","readers"]` arrives as `"approvers,readers"`, a single group as `"approvers"`, and
 * a user in no group has no `cognito:groups` claim at all (Cognito omits it from the token).
 * Sources:
 * - AWS's own Amplify CLI "Admin Queries" API, a REST API with a `cognito_user_pools` authorizer
 *   and an `aws_proxy` integration, whose Lambda reads
 *   `requestContext.authorizer.claims['cognito:groups'].split(',')`:
 *   https://github.com/aws-amplify/amplify-cli/blob/main/packages/amplify-category-auth/resources/adminAuth/admin-auth-app.js
 *   (the API: .../resources/adminAuth/admin-queries-api-template.json.ejs);
 * - a REST API event with one group, `'cognito:groups': 'team_manager'`:
 *   https://repost.aws/questions/QUFJRBaEJRSmmqarNrvCWoQA/aws-cognito-group
 * - `["group-a","group-b"]` received as `"group-a,group-b"`:
 *   https://openillumi.com/en/en-api-gateway-cognito-jwt-claim-conversion-zero-trust
 * HTTP APIs (JWT authorizer, payload 2.0) render arrays differently (`"[a b]"`); this platform
 * deploys REST APIs only, so that form is not accepted here.
 *
 * Cognito group names may hold punctuation (`[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, no whitespace), so
 * `evil]approvers` is a legal name and must never read as `approvers`: names are compared whole.
 * A name containing a comma cannot be told apart from two names in this format;
 * {@link formatGroupsClaim} refuses one, and groups that decide anything must not contain one.
 */

/** The claim's name. */
export const GROUPS_CLAIM = "cognito:groups";

/** The user-pool group whose members decide approval requests (its one definition is groups.ts). */
export { APPROVERS_GROUP } from "./groups";

/** Group names from the claim's value as the REST API authorizer passes it; anything but a string is no groups. */
export function parseGroupsClaim(value: unknown): string[] {
    if (typeof value !== "string" || value === "") return [];
    return value.split(",").filter(name => name !== "");
}

/** The claim's value for `groups`, as the REST API authorizer would pass it; `undefined` (no claim) for none. */
export function formatGroupsClaim(groups: readonly string[]): string | undefined {
    const bad = groups.filter(g => g === "" || g.includes(",") || /\s/.test(g));
    if (bad.length) throw new Error(`Group names [${bad.join("], [")}] cannot be carried in ${GROUPS_CLAIM}: no empty names, commas or whitespace`);
    return groups.length ? groups.join(",") : undefined;
}
