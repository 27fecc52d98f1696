/**
 * HTTP plumbing of the local platform: loopback servers that can stop and start again on the same
 * port (a failed region refuses connections, a recovered one answers where it did), body reading
 * with a size limit, and JSON answers.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** An HTTP server on 127.0.0.1 that closes its open connections when it stops and can restart on its port. */
export class LoopbackServer {
    private server?: http.Server;
    private readonly sockets = new Set<Socket>();
    private boundPort: number;

    constructor(private readonly listener: http.RequestListener, port = 0) {
        this.boundPort = port;
    }

    /** Port the server listens on (fixed after the first start). */
    get port(): number {
        return this.boundPort;
    }

    get url(): string {
        return `http://127.0.0.1:${this.boundPort}`;
    }

    get running(): boolean {
        return this.server !== undefined;
    }

    async start(): Promise<void> {
        if (this.server) return;
        const server = http.createServer(this.listener);
        // Clients of a platform keep connections alive; a stop must still be immediate.
        server.keepAliveTimeout = 5_000;
        server.on("connection", socket => {
            this.sockets.add(socket);
            socket.on("close", () => this.sockets.delete(socket));
        });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(this.boundPort, "127.0.0.1", () => {
                server.off("error", reject);
                resolve();
            });
        });
        this.boundPort = (server.address() as AddressInfo).port;
        this.server = server;
    }

    /** Stops listening and drops every open connection (in-flight requests see a reset, as in an outage). */
    async stop(): Promise<void> {
        const server = this.server;
        if (!server) return;
        this.server = undefined;
        const closed = new Promise<void>(resolve => server.close(() => resolve()));
        for (const socket of this.sockets) socket.destroy();
        this.sockets.clear();
        await closed;
    }
}

/** Reads a request body; `undefined` once it exceeds `limit` bytes (the rest is drained, not kept). */
export async function readBody(req: http.IncomingMessage, limit = Number.MAX_SAFE_INTEGER): Promise<Buffer | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > limit) over = true;
        if (!over) chunks.push(chunk as Buffer);
    }
    return over ? undefined : Buffer.concat(chunks);
}

/** Writes a JSON answer. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
}

/** A JSON request body, or `undefined` when it is empty or not JSON. */
export async function readJson(req: http.IncomingMessage, limit = 1_048_576): Promise<any> {
    const body = await readBody(req, limit);
    if (!body || body.length === 0) return undefined;
    try {
        return JSON.parse(body.toString("utf8"));
    } catch {
        return undefined;
    }
}

/** Answers requests by method + path pattern; unmatched requests get 404. Handlers may throw an {@link HttpError}. */
export function router(routes: Array<[string, RegExp, (req: http.IncomingMessage, res: http.ServerResponse, match: RegExpExecArray) => Promise<void> | void]>): http.RequestListener {
    return (req, res) => {
        const url = new URL(req.url ?? "/", "http://localhost");
        for (const [method, pattern, handle] of routes) {
            const match = method === req.method ? pattern.exec(url.pathname) : null;
            if (!match) continue;
            Promise.resolve(handle(req, res, match)).catch(e => {
                if (res.headersSent) return res.destroy();
                if (e instanceof HttpError) return sendJson(res, e.status, { error: { code: e.code, message: e.message } });
                sendJson(res, 500, { error: { code: "INTERNAL", message: e instanceof Error ? e.message : String(e) } });
            });
            return;
        }
        sendJson(res, 404, { error: { code: "NOT_FOUND", message: `No route ${req.method} ${url.pathname}` } });
    };
}

/** An error answered with its status and code by {@link router}. */
export class HttpError extends Error {
    constructor(readonly status: number, readonly code: string, message: string) {
        super(message);
    }
}

/** A promise that resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));
