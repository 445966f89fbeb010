#!/usr/bin/env node
'use strict';
// `npm run start:queue`: like `npm start`, but n8n in queue mode, the way teams run it at scale: Redis and
// PostgreSQL of its own, one main (editor, webhooks, polling triggers) and worker processes that take the
// executions from Redis — with this package installed as a community package, next to the Nexpay sandbox.
//
//   npm run start:queue                          main on 127.0.0.1:5678, 2 workers × 10 concurrent executions
//   QUEUE_WORKERS=3 QUEUE_CONCURRENCY=5 npm run start:queue
//   N8N_PORT=5700 SANDBOX_PORT=4020 OUTBOX_PORT=4021 QUEUE_POSTGRES_PORT=5498 QUEUE_REDIS_PORT=6398 \
//     QUEUE_WORKER_HEALTH_PORT=5681 npm run start:queue      (workers' health ports count up from there)
//   npm run start:queue -- --verbose             also stream every log line of main and workers
//
// Data (database, Redis working folder, n8n user folder) lives in .n8n-runtime/queue/ and survives restarts;
// logs in .n8n-runtime/queue/logs/. Redis and PostgreSQL come from Debian (installed with apt-get when
// missing and run as root; otherwise a one-line message says what to install). Ctrl-C stops every process
// this script started.
const fs = require('node:fs');
const path = require('node:path');

const P = require('./lib/paths');
const { elapsed, UserError } = require('./lib/log');
const { isPortFree, HOST } = require('./lib/net');
const { QueueStack } = require('./lib/queue');
const { DEFAULT_OUTBOX_PORT } = require('./lib/outbox');
const { portFromEnv, countFromEnv, startSandboxAndPack, installAndImport, banner, runUntilStopped } = require('./lib/local-start');
const { ensureN8n } = require('./ensure-n8n');

const VERBOSE = process.argv.includes('--verbose') || process.env.NEXPAY_N8N_VERBOSE === '1';
const QUEUE_DIR = path.join(P.RUNTIME_DIR, 'queue');
const LOG_DIR = path.join(QUEUE_DIR, 'logs');
const rel = (file) => path.relative(P.ROOT, file);

async function main(cleanup, log) {
	const n8nPort = portFromEnv('N8N_PORT', 5678);
	const sandboxPort = portFromEnv('SANDBOX_PORT', 4010);
	const outboxPort = portFromEnv('OUTBOX_PORT', DEFAULT_OUTBOX_PORT);
	const workers = countFromEnv('QUEUE_WORKERS', 2, { max: 16 });
	const concurrency = countFromEnv('QUEUE_CONCURRENCY', 10, { max: 200 });
	const firstHealthPort = portFromEnv('QUEUE_WORKER_HEALTH_PORT', 5681);
	const stack = new QueueStack({
		dir: QUEUE_DIR,
		logDir: LOG_DIR,
		port: n8nPort,
		workers,
		concurrency,
		postgresPort: portFromEnv('QUEUE_POSTGRES_PORT', 5498),
		redisPort: portFromEnv('QUEUE_REDIS_PORT', 6398),
		workerHealthPorts: Array.from({ length: workers }, (_, i) => firstHealthPort + i),
	});
	const ports = stack.ports();
	const all = [n8nPort, sandboxPort, outboxPort, ...ports.workers, ports.postgres, ports.redis];
	if (new Set(all).size !== all.length) throw new UserError(`the ports must all differ: ${all.join(', ')}`);
	// Fail before minutes of work if a port is taken.
	await stack.assertPortsFree();
	if (!(await isPortFree(sandboxPort))) throw new UserError(`port ${sandboxPort} is in use (another sandbox?) — stop it or run with SANDBOX_PORT=<free port>`);
	if (!(await isPortFree(outboxPort))) throw new UserError(`port ${outboxPort} is in use (another outbox?) — stop it or run with OUTBOX_PORT=<free port>`);

	await ensureN8n();

	fs.mkdirSync(LOG_DIR, { recursive: true });
	for (const f of fs.readdirSync(LOG_DIR)) if (f.endsWith('.log')) fs.rmSync(path.join(LOG_DIR, f), { force: true });

	// The n8n CLI (imports, publish) already needs the database, so the services come first.
	cleanup.stack = stack;
	await stack.startServices({ onStep: log });

	const { tgz, sandbox, outbox } = await startSandboxAndPack({ sandboxPort, outboxPort, logDir: LOG_DIR, cleanup, log });
	const { credentials, workflowNames } = await installAndImport(stack.main, { tgz, sandbox, outbox, log });

	log(`starting the n8n main on ${HOST}:${n8nPort}, then ${workers} worker(s) × ${concurrency} (logs: ${rel(LOG_DIR)}/)`);
	const show = (who) => (line) => {
		if (VERBOSE || /\b(warn|error)\b/i.test(line) || /nexpay/i.test(line)) process.stdout.write(`[${who}] ${line}\n`);
	};
	await stack.start({ onLine: show('main'), onWorkerLine: (name, line) => show(name)(line) });
	await stack.main.ownerRest(); // first start: creates the owner; later starts: checks the login works
	log(`n8n queue mode is ready (${elapsed()} since npm run start:queue)`);

	const processes = [
		`main       pid ${stack.main.server.pid}   ${stack.baseUrl}  (editor, REST, webhooks, polling triggers; enqueues executions)`,
		...stack.workers.map((w) => `${w.name.padEnd(10)} pid ${w.handle.pid}   --concurrency=${concurrency}, health http://${HOST}:${w.healthPort}/healthz`),
		`redis      pid ${stack.redis.pid}   ${HOST}:${ports.redis}  (the execution queue; nothing saved to disk)`,
		`postgres   ${HOST}:${ports.postgres}  database "n8n", data in ${rel(path.join(QUEUE_DIR, 'postgres'))}`,
		`sandbox    pid ${sandbox.pid}   ${sandbox.url}`,
	];
	process.stdout.write(
		banner({
			baseUrl: stack.baseUrl,
			sandbox,
			outbox,
			credentials,
			workflowNames,
			processes,
			stops: 'the workers, the main, Redis, PostgreSQL and the sandbox',
			logs: `${rel(LOG_DIR)}/ (main: n8n.log, worker-N.log)`,
		}),
	);

	// Keep running until Ctrl-C, or until one of the processes dies on its own.
	return Promise.race([
		stack.main.server.exited.then((e) => `the n8n main exited on its own (code ${e.code ?? e.signal}) — see ${rel(LOG_DIR)}/n8n.log`),
		...stack.workers.map((w) => w.handle.exited.then((e) => `${w.name} exited on its own (code ${e.code ?? e.signal}) — see ${rel(LOG_DIR)}/${w.name}.log`)),
		stack.redis.exited.then((e) => `redis-server exited on its own (code ${e.code ?? e.signal}) — see ${rel(LOG_DIR)}/redis.log`),
		sandbox.exited.then((e) => `the sandbox exited on its own (code ${e.code ?? e.signal}) — see ${rel(LOG_DIR)}/sandbox.log`),
	]);
}

async function stopAll(cleanup) {
	const jobs = [];
	if (cleanup.stack) jobs.push(cleanup.stack.stop());
	if (cleanup.sandbox) jobs.push(cleanup.sandbox.stop());
	if (cleanup.outbox) jobs.push(cleanup.outbox.close());
	await Promise.allSettled(jobs);
}

runUntilStopped({ prefix: 'start:queue', main, stopAll, what: 'the workers, the main, Redis, PostgreSQL and the sandbox' });
