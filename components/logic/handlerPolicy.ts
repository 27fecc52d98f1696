/** IAM statements every handler's policy shares (pure: the local platform and tests import it without Pulumi). */

/** A function's own log streams and X-Ray: the statements every handler policy ends with. */
export function baseHandlerStatements(logGroupArn: string) {
    return [
        { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroupArn}:*`] },
        // X-Ray segment APIs support no resource-level permissions.
        { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] },
    ];
}
