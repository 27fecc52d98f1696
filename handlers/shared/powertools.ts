/** Powertools logger and metrics, one instance per process (module scope). */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "platform" });
export const metrics = new Metrics({
    namespace: "Platform",
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "platform",
    defaultDimensions: { region: process.env.AWS_REGION ?? "unknown" },
});
