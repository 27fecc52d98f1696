/**
 * Powertools tracer, one instance per process (module scope). SDK clients are wrapped with
 * `tracer.captureAWSv3Client` where they are created (clients.ts), so every AWS call is an X-Ray
 * subsegment of the function's trace (functions run with active tracing). Outside Lambda the
 * tracer is disabled by Powertools itself (no AWS_EXECUTION_ENV) and the wrap returns the client
 * unchanged, so tests and the local platform run untraced.
 * https://docs.powertools.aws.dev/lambda/typescript/latest/core/tracer/
 */
import { Tracer } from "@aws-lambda-powertools/tracer";

export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "platform" });
