#!/usr/bin/env node
'use strict';
// `npm start`: real n8n with this package installed as a community package, next to the Nexpay sandbox.
//
//   npm start                      n8n on 127.0.0.1:5678, sandbox on 127.0.0.1:4010, outbox on 127.0.0.1:4011
//   N8N_PORT=5700 SANDBOX_PORT=4020 OUTBOX_PORT=4021 npm start
//   npm start -- --verbose         also stream all of n8n's log lines (they always go to .n8n-runtime/logs/n8n.log)
//
// Steps: ensure the pinned n8n (ensure-n8n.js) → build + pack this package → start the sandbox and the outbox
// (where the examples send their e-mails and chat messages; each one is printed here) →
// install the tarball into .n8n-runtime/user/.n8n/nodes → import sandbox credentials and examples/*.json →
// `n8n start` → set up the local owner → print where to go. Ctrl-C stops n8n and the sandbox.
const fs = require('node:fs');
const path = require('node:path');

const P = require('./lib/paths');
const { elapsed, UserError } = require('./lib/log');
const { isPortFree, HOST } = require('./lib/net');
const { N8nInstance } = require('./lib/instance');
const { DEFAULT_OUTBOX_PORT } = require('./lib/outbox');
const { portFromEnv, startSandboxAndPack, installAndImport, banner, runUntilStopped } = require('./lib/local-start');
const { createConsoleFilter } = require('./lib/console-lines');
const { ensureN8n } = require('./ensure-n8n');

const VERBOSE = process.argv.includes('--verbose') || process.env.NEXPAY_N8N_VERBOSE === '1';
const USER_FOLDER = path.join(P.RUNTIME_DIR, 'user');
const LOG_DIR = path.join(P.RUNTIME_DIR, 'logs');

async function main(cleanup, log) {
	const n8nPort = portFromEnv('N8N_PORT', 5678);
	const sandboxPort = portFromEnv('SANDBOX_PORT', 4010);
	const outboxPort = portFromEnv('OUTBOX_PORT', DEFAULT_OUTBOX_PORT);
	if (new Set([n8nPort, sandboxPort, outboxPort]).size !== 3) {
		throw new UserError(`N8N_PORT (${n8nPort}), SANDBOX_PORT (${sandboxPort}) and OUTBOX_PORT (${outboxPort}) must differ`);
	}
	// Fail before minutes of work if a port is taken.
	if (!(await isPortFree(n8nPort))) throw new UserError(`port ${n8nPort} is in use (another n8n?) — stop it or run with N8N_PORT=<free port>`);
	if (!(await isPortFree(sandboxPort))) throw new UserError(`port ${sandboxPort} is in use (another sandbox?) — stop it or run with SANDBOX_PORT=<free port>`);
	if (!(await isPortFree(outboxPort))) throw new UserError(`port ${outboxPort} is in use (another outbox?) — stop it or run with OUTBOX_PORT=<free port>`);

	await ensureN8n();

	fs.mkdirSync(LOG_DIR, { recursive: true });
	for (const f of ['n8n.log', 'cli.log', 'sandbox.log', 'build.log']) fs.rmSync(path.join(LOG_DIR, f), { force: true });

	const { tgz, sandbox, outbox } = await startSandboxAndPack({ sandboxPort, outboxPort, logDir: LOG_DIR, cleanup, log });

	// JSON log lines carry their level, so the console can show a node's error as an error (see lib/console-lines.js).
	const instance = new N8nInstance({ userFolder: USER_FOLDER, port: n8nPort, logDir: LOG_DIR, env: { N8N_LOG_FORMAT: 'json' } });
	const { credentials, workflowNames } = await installAndImport(instance, { tgz, sandbox, outbox, log });

	log(`starting n8n on ${HOST}:${n8nPort} (log: ${path.relative(P.ROOT, path.join(LOG_DIR, 'n8n.log'))})`);
	cleanup.instance = instance;
	await instance.start({
		onLine: createConsoleFilter({ verbose: VERBOSE, write: (line) => process.stdout.write(`[n8n] ${line}\n`) }),
	});
	await instance.ownerRest(); // first start: creates the owner; later starts: checks the login works
	log(`n8n is ready (${elapsed()} since npm start)`);
	process.stdout.write(banner({ baseUrl: instance.baseUrl, sandbox, outbox, credentials, workflowNames }));

	// Keep running until Ctrl-C, or until n8n or the sandbox dies on its own.
	return Promise.race([
		instance.server.exited.then((e) => `n8n exited on its own (code ${e.code ?? e.signal}) — see .n8n-runtime/logs/n8n.log`),
		sandbox.exited.then((e) => `the sandbox exited on its own (code ${e.code ?? e.signal}) — see .n8n-runtime/logs/sandbox.log`),
	]);
}

async function stopAll(cleanup) {
	const jobs = [];
	if (cleanup.instance) jobs.push(cleanup.instance.stop());
	if (cleanup.sandbox) jobs.push(cleanup.sandbox.stop());
	if (cleanup.outbox) jobs.push(cleanup.outbox.close());
	await Promise.allSettled(jobs);
}

runUntilStopped({ prefix: 'start', main, stopAll });
