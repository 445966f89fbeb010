// The HTTP front end: reads each request, records it, authenticates it, applies an injected fault
// (before or after the handler "commits") and answers.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FaultEngine, FiredFault } from './faults';
import { json, Reject, type ApiModule, type Handler, type HandlerResult, type RequestContext } from './http';
import type { Router } from './router';
import type { RecordedRequest } from './types';

/** Above the 10 MB document limit so that limit answers with its own error. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

function flatHeaders(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

async function run(handler: Handler, ctx: RequestContext, crash: (message: string) => HandlerResult): Promise<HandlerResult> {
	try {
		return await handler(ctx);
	} catch (error) {
		if (error instanceof Reject) return error.result;
		return crash(error instanceof Error ? error.message : String(error));
	}
}

/** Writes the result unless the client is gone; returns the status to record (0 = not sent). */
function send(res: ServerResponse, result: HandlerResult): number {
	if (res.destroyed || res.socket?.destroyed !== false) return 0;
	res.writeHead(result.status, result.headers ?? {});
	res.end(result.body);
	return result.status;
}

export interface FrontendParts {
	apis: ApiModule[];
	/** /__sandbox/ routes: never recorded, never faulted. */
	control: Router<Handler>;
	faults: FaultEngine;
	log: RecordedRequest[];
}

export class HttpFrontend {
	url = '';
	private readonly server: Server;
	private readonly sockets = new Set<Socket>();
	/** Wake-ups of responses held by delay faults, released early on close(). */
	private readonly held = new Set<() => void>();
	/** Recorded API requests whose response has not closed yet. */
	private inFlight = 0;

	constructor(private readonly parts: FrontendParts) {
		this.server = createServer((req, res) => this.receive(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	listen(port: number): Promise<void> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, '127.0.0.1', () => {
				this.server.off('error', reject);
				this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
				resolve();
			});
		});
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			for (const socket of this.sockets) socket.destroy();
			for (const wake of [...this.held]) wake();
		});
	}

	private receive(req: IncomingMessage, res: ServerResponse): void {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => {
			this.dispatch(req, res, Buffer.concat(chunks), size > MAX_BODY_BYTES).catch((error: unknown) => {
				console.error(`sandbox: failed to answer ${req.method} ${req.url}: ${String(error)}`);
				if (!res.headersSent) res.socket?.destroy();
			});
		});
	}

	private async dispatch(req: IncomingMessage, res: ServerResponse, rawBody: Buffer, tooLarge: boolean): Promise<void> {
		const target = req.url ?? '/';
		const q = target.indexOf('?');
		const ctx: RequestContext = {
			method: req.method ?? 'GET',
			path: q === -1 ? target : target.slice(0, q),
			rawQuery: q === -1 ? '' : target.slice(q + 1),
			headers: req.headers,
			rawBody,
			params: {},
			baseUrl: this.url,
		};

		if (ctx.path.startsWith('/__sandbox/')) {
			const match = this.parts.control.match(ctx.method, ctx.path);
			const handler: Handler = match ? match.target : () => json(404, { error: `no control route ${ctx.method} ${ctx.path}` });
			ctx.params = match?.params ?? {};
			send(res, await run(handler, ctx, (error) => json(400, { error })));
			return;
		}

		const record: RecordedRequest = {
			method: ctx.method,
			path: ctx.path,
			query: ctx.rawQuery,
			headers: flatHeaders(req),
			rawBody,
			bodyText: rawBody.toString('utf8'),
			status: 0,
			receivedAt: Date.now(),
			inFlightOnArrival: this.inFlight,
		};
		this.parts.log.push(record);
		// Counted until the response closes: answered, reset or abandoned by the client.
		this.inFlight++;
		res.once('close', () => {
			this.inFlight--;
			record.closedAt = Date.now();
		});
		const answer = (result: HandlerResult): void => {
			record.status = send(res, result);
		};

		const api = this.parts.apis.find((a) => a.owns(ctx.path));
		if (!api) return answer(json(404, { error: `no such path ${ctx.path}` }));
		if (tooLarge) {
			const result = api.errorResult(413);
			return answer({ ...result, headers: { ...result.headers, connection: 'close' } });
		}
		const match = api.router.match(ctx.method, ctx.path);
		if (!match) return answer(api.notFound(ctx));
		ctx.params = match.params;
		if (!match.target.public) {
			const denied = api.authenticate(ctx);
			if (denied) return answer(denied);
		}

		const commit = (): Promise<HandlerResult> =>
			run(match.target.handler, ctx, (message) => {
				console.error(`sandbox: internal error in ${ctx.method} ${ctx.path}: ${message}`);
				return api.errorResult(500);
			});
		const fault = this.parts.faults.fire(ctx.method, ctx.path, decodedContent(record));
		if (!fault) return answer(await commit());
		await this.applyFault(fault, api, req, commit, answer);
	}

	private async applyFault(
		fault: FiredFault,
		api: ApiModule,
		req: IncomingMessage,
		commit: () => Promise<HandlerResult>,
		answer: (result: HandlerResult) => void,
	): Promise<void> {
		const failure = (): HandlerResult => faultAnswer(api, fault);
		switch (fault.kind) {
			case 'status-before-commit':
				return answer(failure());
			case 'retry-after': {
				const result = failure();
				return answer({ ...result, headers: { ...result.headers, 'retry-after': String(fault.retryAfterSeconds) } });
			}
			case 'reset-before-commit':
				// A TCP RST, so the client sees ECONNRESET rather than a clean close.
				return void req.socket.resetAndDestroy();
			case 'delay-before-commit':
				// Models a request stuck in front of the application: if the client gave up
				// meanwhile, it never reaches the handler.
				await this.hold(fault.delayMs);
				if (!req.socket.destroyed) answer(await commit());
				return;
			case 'status-after-commit':
				await commit();
				return answer(failure());
			case 'reset-after-commit':
				await commit();
				return void req.socket.resetAndDestroy();
			case 'delay-after-commit': {
				const result = await commit();
				await this.hold(fault.delayMs);
				return answer(result);
			}
		}
	}

	private hold(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const wake = (): void => {
				clearTimeout(timer);
				this.held.delete(wake);
				resolve();
			};
			const timer = setTimeout(wake, ms);
			timer.unref();
			this.held.add(wake);
		});
	}
}

/** What a failing gateway or application answers: the API's JSON error, a proxy's HTML page, or no body. */
function faultAnswer(api: ApiModule, fault: FiredFault): HandlerResult {
	if (fault.bodyFormat === 'empty') return { status: fault.status, headers: { 'content-length': '0' }, body: '' };
	if (fault.bodyFormat === 'html') {
		const title = `${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}`;
		return {
			status: fault.status,
			headers: { 'content-type': 'text/html; charset=utf-8' },
			body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
		};
	}
	return api.errorResult(fault.status, fault.body);
}

/** Query and body as text with form encoding undone, for faults that match one item's values. */
function decodedContent(record: RecordedRequest): string {
	const text = `${record.query}&${record.bodyText}`;
	try {
		return decodeURIComponent(text.replace(/\+/g, ' '));
	} catch {
		return text;
	}
}
