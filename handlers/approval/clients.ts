/**
 * Clients of the approval functions, at module scope. Kept apart from shared/clients.ts so the
 * items and health functions never load the Step Functions and SNS clients at cold start.
 */
import { SFNClient } from "@aws-sdk/client-sfn";
import { SNSClient } from "@aws-sdk/client-sns";
import { documentClient, dynamo, perRegion } from "../shared/clients";
import { endpointFor, env } from "../shared/env";
import { tracer } from "../shared/tracer";

/** The replica of any platform region: decisions go to the region that runs the execution. */
export const dynamoIn = perRegion(documentClient, [env.region, dynamo]);
/** Step Functions of any platform region. */
export const sfnIn = perRegion(region => tracer.captureAWSv3Client(new SFNClient({ region, endpoint: endpointFor("states", region), maxAttempts: 3 })));
/** SNS of this region. */
export const sns = tracer.captureAWSv3Client(new SNSClient({ region: env.region, endpoint: endpointFor("sns", env.region), maxAttempts: 3 }));
