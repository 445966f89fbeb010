'use strict';
// A local "outbox": stands in for the e-mail / chat services the example workflows send to, so they run
// with no account anywhere. Every POST is kept and printed; GET / lists what arrived (newest last).
// `npm start` runs one on 127.0.0.1:4011 (OUTBOX_PORT); the e2e tests start their own on a free port and
// point the examples at it.
const http = require('node:http');

const { HOST } = require('./net');

/** The port the example workflows are written against (their URLs say http://127.0.0.1:4011/...). */
const DEFAULT_OUTBOX_PORT = 4011;
const EXAMPLE_OUTBOX_URL = `http://${HOST}:${DEFAULT_OUTBOX_PORT}`;
const MAX_KEPT = 500;

/**
 * @param {object} [o]
 * @param {number} [o.port]  0 picks a free port
 * @param {(message: object) => void} [o.onMessage]
 * @returns {Promise<{url: string, port: number, messages: () => object[], clear: () => void, close: () => Promise<void>}>}
 */
function startOutbox({ port = 0, onMessage } = {}) {
	const messages = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			if (req.method === 'GET' && (req.url === '/' || req.url === '')) {
				res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
				res.end(`${JSON.stringify(messages, null, 2)}\n`);
				return;
			}
			const text = Buffer.concat(chunks).toString('utf8');
			let body = text;
			try {
				body = text ? JSON.parse(text) : null;
			} catch {
				/* not JSON: keep the text */
			}
			const message = {
				method: req.method,
				path: req.url,
				contentType: req.headers['content-type'] || null,
				body,
				receivedAt: new Date().toISOString(),
			};
			messages.push(message);
			if (messages.length > MAX_KEPT) messages.shift();
			if (onMessage) onMessage(message);
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ ok: true, received: messages.length }));
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, HOST, () => {
			server.off('error', reject);
			const actual = server.address().port;
			resolve({
				url: `http://${HOST}:${actual}`,
				port: actual,
				messages: () => messages.slice(),
				clear: () => void messages.splice(0, messages.length),
				close: () =>
					new Promise((done) => {
						server.closeAllConnections?.();
						server.close(() => done());
					}),
			});
		});
	});
}

/** One line for the console: where it went and the text (or the body) it carried. */
function describeMessage(message) {
	const body = message.body;
	const text = body && typeof body === 'object' ? body.text || body.message || JSON.stringify(body) : String(body ?? '');
	const to = body && typeof body === 'object' && (body.to || body.channel) ? ` → ${body.to || body.channel}` : '';
	return `${message.method} ${message.path}${to}: ${String(text).replace(/\s+/g, ' ').slice(0, 400)}`;
}

module.exports = { DEFAULT_OUTBOX_PORT, EXAMPLE_OUTBOX_URL, startOutbox, describeMessage };
