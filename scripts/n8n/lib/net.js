'use strict';
// Ports and HTTP waiting, loopback only.
const net = require('node:net');

const HOST = '127.0.0.1';

/** A port the OS says is free right now on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, HOST, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Resolves true when nothing listens on host:port (we can bind it), false when it is taken. */
function isPortFree(port, host = HOST) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

/** A timer that never keeps the process alive on its own (so test runners can exit). */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms).unref());

/**
 * Polls `url` until `accept(status)` holds (default: 200). `alive()` returning a string aborts the
 * wait with that message (e.g. the process we are waiting for has exited).
 */
async function waitForHttp(url, { timeoutMs = 120000, intervalMs = 250, accept = (s) => s === 200, alive, method = 'GET' } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		const dead = alive && alive();
		if (dead) throw new Error(dead);
		try {
			const res = await fetch(url, { method, signal: AbortSignal.timeout(5000) });
			await res.arrayBuffer().catch(() => undefined);
			if (accept(res.status)) return res.status;
			last = `HTTP ${res.status}`;
		} catch (error) {
			last = error.cause?.code || error.message;
		}
		await sleep(intervalMs);
	}
	throw new Error(`${url} not ready after ${Math.round(timeoutMs / 1000)}s (last: ${last})`);
}

module.exports = { HOST, freePort, isPortFree, waitForHttp, sleep };
