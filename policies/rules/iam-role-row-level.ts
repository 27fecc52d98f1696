/**
 * The identity pool's role gives end users AWS credentials: its DynamoDB statements must pin every
 * request to the caller's own partition, and its trust must admit only authenticated identities
 * of the platform's pools.
 */
import type { PolicyResource } from "@pulumi/policy";
import { dependenciesOf, grants, list, ofTypes, policyDocuments, stackRule, Statement, statements, str } from "./lib";

const COGNITO = "cognito-identity.amazonaws.com";

/** Problems of one DynamoDB-granting Allow statement of the identity role. */
export function rowLevelProblems(s: Statement): string[] {
    const sid = s.sid ?? "(no Sid)";
    const problems: string[] = [];
    if (grants(s, "dynamodb:Scan")) problems.push(`statement ${sid} allows dynamodb:Scan`);
    const keys = s.condition["ForAllValues:StringEquals"]?.["dynamodb:LeadingKeys"];
    const values = Array.isArray(keys) ? keys : keys === undefined ? [] : [keys];
    if (!values.length || !values.every(v => typeof v === "string" && /\$\{(aws:PrincipalTag\/|cognito-identity\.amazonaws\.com:sub)/.test(v))) {
        problems.push(`statement ${sid} has no ForAllValues:StringEquals dynamodb:LeadingKeys bound to the caller`);
    }
    if (String(s.condition["Null"]?.["dynamodb:LeadingKeys"]) !== "false") {
        problems.push(`statement ${sid} does not require a leading key (Null dynamodb:LeadingKeys = false): ForAllValues over an absent key is true`);
    }
    return problems;
}

function trustProblems(role: PolicyResource): string[] {
    return statements(role.props.assumeRolePolicy)
        .filter(s => s.effect === "Allow" && s.principals.includes(COGNITO))
        .flatMap(s => {
            const problems: string[] = [];
            const aud = s.condition["StringEquals"]?.[`${COGNITO}:aud`];
            if (!str(aud) && !list(aud).length) problems.push("trust has no cognito-identity.amazonaws.com:aud condition");
            const amr = s.condition["ForAnyValue:StringLike"]?.[`${COGNITO}:amr`];
            if (amr !== "authenticated" && !(Array.isArray(amr) && amr.length === 1 && amr[0] === "authenticated")) problems.push("trust does not require amr = authenticated");
            return problems;
        });
}

export const iamRoleRowLevel = stackRule({
    name: "iam-role-row-level",
    description: "Roles assumed through Cognito identity pools grant DynamoDB only with a dynamodb:LeadingKeys condition bound to the caller (plus a Null guard), never Scan, and trust only authenticated identities of a named pool.",
    controls: [],
    level: "mandatory",
    severity: "critical",
    remediation: "build the role with buildRowLevelPolicy / buildIdentityTrustPolicy (components/logic/identityPolicy.ts)",
}, resources => {
    const rolePolicies = ofTypes(resources, "aws:iam/rolePolicy:RolePolicy");
    return ofTypes(resources, "aws:iam/role:Role")
        .filter(role => statements(role.props.assumeRolePolicy).some(s => s.principals.includes(COGNITO)))
        .flatMap(role => {
            const attached = rolePolicies.filter(p => dependenciesOf(p, "role").includes(role) || (p.props.role !== undefined && (p.props.role === role.props.name || p.props.role === role.props.id)));
            const docs = [...policyDocuments(role.type, role.props), ...attached.map(p => p.props.policy)];
            const problems = [
                ...trustProblems(role),
                ...docs.flatMap(d => statements(d)).filter(s => s.effect === "Allow" && [...s.actions, ...s.notActions].some(a => /^dynamodb:|^\*$/i.test(a))).flatMap(rowLevelProblems),
            ];
            return problems.map(p => ({ urn: role.urn, message: `${role.name} (${role.type}): ${p}` }));
        });
});
