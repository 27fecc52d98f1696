/** SDK clients at module scope: created once per execution environment, reused by every request. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { endpointFor, env } from "./env";
import { tracer } from "./tracer";

/** A DynamoDB document client for a region's replica; `maxAttempts` 1 for calls whose caller has its own time budget. */
export function documentClient(region: string, maxAttempts = 2): DynamoDBDocumentClient {
    return DynamoDBDocumentClient.from(
        tracer.captureAWSv3Client(new DynamoDBClient({ region, endpoint: endpointFor("dynamodb", region), maxAttempts })),
        { marshallOptions: { removeUndefinedValues: true } },
    );
}

/** This region's replica. */
export const dynamo = documentClient(env.region);

/** Memoised per region: a client is built on first use of a region and kept for the environment's life. */
export function perRegion<T>(create: (region: string) => T, seed?: [string, T]): (region: string) => T {
    const cache = new Map<string, T>(seed ? [seed] : []);
    return region => {
        let client = cache.get(region);
        if (!client) cache.set(region, client = create(region));
        return client;
    };
}
