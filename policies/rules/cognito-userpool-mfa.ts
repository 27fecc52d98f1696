/** MFA in production: required, or at least TOTP offered to every user. Deletion protection too. */
import { block, isStrict, resourceRule, strictEnvironmentsSchema } from "./lib";

export const cognitoUserpoolMfa = resourceRule({
    name: "cognito-userpool-mfa",
    description: "User pools tagged with a production environment enforce MFA (ON, or OPTIONAL with TOTP enabled) and have deletion protection ACTIVE.",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "set mfaConfiguration \"ON\" with softwareTokenMfaConfiguration.enabled = true (platform:identity.mfa required) and deletionProtection \"ACTIVE\"",
    configSchema: strictEnvironmentsSchema,
}, ["aws:cognito/userPool:UserPool"], (props, { config }) => {
    if (!isStrict(props, config)) return [];
    const problems: string[] = [];
    const totp = block(props.softwareTokenMfaConfiguration)?.enabled === true;
    const mfa = props.mfaConfiguration;
    if (!(mfa === "ON" || (mfa === "OPTIONAL" && totp))) problems.push(`MFA is ${mfa ?? "(absent: OFF)"}${mfa === "OPTIONAL" ? " without TOTP" : ""}`);
    if (props.deletionProtection !== "ACTIVE") problems.push(`deletion protection is ${props.deletionProtection ?? "(absent: INACTIVE)"}`);
    return problems;
});
