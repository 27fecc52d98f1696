/** SDK clients at module scope: created once per execution environment, reused by every request. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { env } from "./env";

export const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: env.region, endpoint: env.dynamodbEndpoint, maxAttempts: 2 }),
    { marshallOptions: { removeUndefinedValues: true } },
);
