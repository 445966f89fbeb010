import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request exactly as it arrived: nothing decoded, so tests see the wire. */
export interface EchoRequest {
	method: string;
	path: string;
	/** Everything after '?', undecoded ('' when absent). */
	rawQuery: string;
	headers: Record<string, string>;
	rawBody: string;
}

export interface EchoReply {
	status?: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON; defaults to the echoed request. */
	body?: unknown;
}

export type EchoRoute = (request: EchoRequest) => EchoReply;

export interface EchoServer {
	/** e.g. http://127.0.0.1:34567 (no trailing slash). */
	url: string;
	requests: EchoRequest[];
	last(): EchoRequest;
	/** Routes by exact path; unrouted paths echo the request as JSON with 200. */
	route(path: string, handler: EchoRoute): void;
	close(): Promise<void>;
}

/** A local HTTP server for the rig's own tests; `/status/<code>` answers with that code. */
export async function startEchoServer(): Promise<EchoServer> {
	const requests: EchoRequest[] = [];
	const routes = new Map<string, EchoRoute>();

	const handle = (req: IncomingMessage, res: ServerResponse, rawBody: string) => {
		const target = req.url ?? '/';
		const at = target.indexOf('?');
		const echo: EchoRequest = {
			method: req.method ?? 'GET',
			path: at === -1 ? target : target.slice(0, at),
			rawQuery: at === -1 ? '' : target.slice(at + 1),
			headers: Object.fromEntries(
				Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
			),
			rawBody,
		};
		requests.push(echo);
		const statusMatch = /^\/status\/(\d{3})$/.exec(echo.path);
		const reply: EchoReply = routes.get(echo.path)?.(echo) ?? {
			status: statusMatch ? Number(statusMatch[1]) : 200,
		};
		const body = reply.body === undefined ? echo : reply.body;
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(reply.status ?? 200, {
			'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
			...reply.headers,
		});
		res.end(text);
	};

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		last() {
			const request = requests[requests.length - 1];
			if (!request) throw new Error('The echo server has received no request');
			return request;
		},
		route(path, handler) {
			routes.set(path, handler);
		},
		async close() {
			// Keep-alive sockets from the HTTP agent would otherwise hold jest open.
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
		},
	};
}
