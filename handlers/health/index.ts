/** GET /health: unauthenticated, used by the Route 53 health check of this region. */
import type { APIGatewayProxyResult } from "aws-lambda";
import { dynamo } from "../shared/clients";
import { env } from "../shared/env";
import { json } from "../shared/http";
import { logger } from "../shared/powertools";
import { checkHealth } from "./domain";

export async function handler(): Promise<APIGatewayProxyResult> {
    const result = await checkHealth(dynamo, env.tableName, env.region, env.healthTimeoutMs);
    if (result.statusCode !== 200) logger.warn("Region unhealthy", { status: result.status });
    return json(result.statusCode, { status: result.status, region: result.region });
}
