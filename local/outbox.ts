/**
 * SNS on loopback: `Publish` (SNS's query protocol, which `@aws-sdk/client-sns` speaks) to the
 * stack's topics in every region, and an outbox listing what would have been delivered to each
 * topic's email subscriptions: `GET /messages[?region=&topic=]`, `DELETE /messages`.
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
import { randomUUID } from "node:crypto";
import type * as http from "node:http";
import { LoopbackServer, readBody, sendJson } from "./lib/http";

/** A message published to a topic. */
export interface OutboxMessage {
    readonly messageId: string;
    readonly region: string;
    readonly topicArn: string;
    readonly subject?: string;
    readonly message: string;
    /** The topic's email subscriptions: who would receive it. */
    readonly to: readonly string[];
    readonly at: string;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, c => `&#${c.charCodeAt(0)};`);

export class LocalOutbox {
    readonly server: LoopbackServer;
    readonly messages: OutboxMessage[] = [];
    private readonly topics = new Map<string, readonly string[]>();
    /** Regions whose SNS is down (their region failed): publishing there fails. */
    readonly unavailable = new Set<string>();

    constructor(port = 0) {
        this.server = new LoopbackServer((req, res) => this.handle(req, res).catch(e => sendJson(res, 500, { error: String(e?.message ?? e) })), port);
    }

    get endpoint(): string {
        return this.server.url;
    }

    /** Creates a topic with its email subscriptions. */
    addTopic(arn: string, emails: readonly string[]): void {
        this.topics.set(arn, emails);
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const url = new URL(req.url ?? "/", this.endpoint);
        if (url.pathname === "/messages" && req.method === "GET") {
            const region = url.searchParams.get("region");
            const topic = url.searchParams.get("topic");
            return sendJson(res, 200, { messages: this.messages.filter(m => (!region || m.region === region) && (!topic || m.topicArn === topic)) });
        }
        if (url.pathname === "/messages" && req.method === "DELETE") {
            this.messages.length = 0;
            return sendJson(res, 200, { messages: [] });
        }
        if (url.pathname === "/" && req.method === "POST") {
            const form = new URLSearchParams(((await readBody(req, 1_048_576)) ?? Buffer.alloc(0)).toString("utf8"));
            return this.query(form, res);
        }
        sendJson(res, 404, { error: "Not found" });
    }

    private query(form: URLSearchParams, res: http.ServerResponse): void {
        const requestId = randomUUID();
        const fail = (status: number, code: string, message: string) => {
            res.writeHead(status, { "content-type": "text/xml" });
            res.end(`<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
        };
        if (form.get("Action") !== "Publish") return fail(400, "InvalidAction", `The local SNS implements Publish only, not ${form.get("Action")}`);
        const topicArn = form.get("TopicArn") ?? "";
        const emails = this.topics.get(topicArn);
        if (!emails) return fail(404, "NotFound", "Topic does not exist");
        const region = topicArn.split(":")[3];
        if (this.unavailable.has(region)) return fail(503, "InternalError", `SNS in ${region} is unavailable`);
        const message = form.get("Message");
        if (!message) return fail(400, "InvalidParameter", "Invalid parameter: Empty message");
        const messageId = randomUUID();
        this.messages.push({ messageId, region, topicArn, ...(form.get("Subject") ? { subject: form.get("Subject")! } : {}), message, to: emails, at: new Date().toISOString() });
        res.writeHead(200, { "content-type": "text/xml" });
        res.end(`<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`);
    }
}
