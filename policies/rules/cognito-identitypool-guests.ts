/** [Cognito.2] No unauthenticated (guest) identities, and no classic (basic) auth flow. */
import { resourceRule } from "./lib";

export const cognitoIdentitypoolGuests = resourceRule({
    name: "cognito-identitypool-guests",
    description: "[Cognito.2] Identity pools admit no unauthenticated identities and do not enable the classic (basic) auth flow.",
    controls: ["Cognito.2"],
    level: "mandatory",
    severity: "high",
    remediation: "set allowUnauthenticatedIdentities = false and allowClassicFlow = false",
}, ["aws:cognito/identityPool:IdentityPool"], props => {
    const problems: string[] = [];
    if (props.allowUnauthenticatedIdentities !== false) problems.push(`allowUnauthenticatedIdentities is ${props.allowUnauthenticatedIdentities ?? "(absent)"}: guests may get credentials`);
    if (props.allowClassicFlow === true) problems.push("the classic (basic) auth flow is enabled");
    return problems;
});
