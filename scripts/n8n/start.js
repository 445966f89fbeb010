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
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const P = require('./lib/paths');
const { step, fail, elapsed } = require('./lib/log');
const { isPortFree, HOST } = require('./lib/net');
const { buildPackage, packPackage } = require('./lib/package');
const { N8nInstance } = require('./lib/instance');
const { startSandboxProcess, sandboxCredentials } = require('./lib/sandbox');
const { startOutbox, describeMessage, DEFAULT_OUTBOX_PORT, EXAMPLE_OUTBOX_URL } = require('./lib/outbox');
const { LOCAL_OWNER } = require('./lib/rest');
const { ensureN8n } = require('./ensure-n8n');

const log = (m) => step('start', m);
const VERBOSE = process.argv.includes('--verbose') || process.env.NEXPAY_N8N_VERBOSE === '1';
const USER_FOLDER = path.join(P.RUNTIME_DIR, 'user');
const LOG_DIR = path.join(P.RUNTIME_DIR, 'logs');
const EXAMPLES_DIR = path.join(P.ROOT, 'examples');
const IMPORTED_LIST = path.join(USER_FOLDER, 'imported-examples.json');

function portFromEnv(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number (1–65535), got "${raw}"`);
	return port;
}

/**
 * examples/*.json that are new or changed since the last import (so edits made in n8n survive restarts).
 * The examples post to the outbox at http://127.0.0.1:4011; another OUTBOX_PORT is written into them.
 */
function examplesToImport(outboxUrl) {
	if (!fs.existsSync(EXAMPLES_DIR)) return { all: [], changed: [], record: {} };
	let record = {};
	try {
		record = JSON.parse(fs.readFileSync(IMPORTED_LIST, 'utf8'));
	} catch {
		/* first start */
	}
	const all = fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const file = path.join(EXAMPLES_DIR, f);
			const text = fs.readFileSync(file, 'utf8').replaceAll(EXAMPLE_OUTBOX_URL, outboxUrl);
			let json;
			try {
				json = JSON.parse(text);
			} catch (e) {
				throw new Error(`examples/${f} is not valid JSON: ${e.message}`);
			}
			return { file, name: f, json, hash: crypto.createHash('sha256').update(text).digest('hex') };
		});
	const changed = all.filter((e) => record[e.name] !== e.hash);
	return { all, changed, record };
}

async function main() {
	const n8nPort = portFromEnv('N8N_PORT', 5678);
	const sandboxPort = portFromEnv('SANDBOX_PORT', 4010);
	const outboxPort = portFromEnv('OUTBOX_PORT', DEFAULT_OUTBOX_PORT);
	if (new Set([n8nPort, sandboxPort, outboxPort]).size !== 3) {
		throw new Error(`N8N_PORT (${n8nPort}), SANDBOX_PORT (${sandboxPort}) and OUTBOX_PORT (${outboxPort}) must differ`);
	}
	// Fail before minutes of work if a port is taken.
	if (!(await isPortFree(n8nPort))) throw new Error(`port ${n8nPort} is in use (another n8n?) — stop it or run with N8N_PORT=<free port>`);
	if (!(await isPortFree(sandboxPort))) throw new Error(`port ${sandboxPort} is in use (another sandbox?) — stop it or run with SANDBOX_PORT=<free port>`);
	if (!(await isPortFree(outboxPort))) throw new Error(`port ${outboxPort} is in use (another outbox?) — stop it or run with OUTBOX_PORT=<free port>`);

	await ensureN8n();

	fs.mkdirSync(LOG_DIR, { recursive: true });
	for (const f of ['n8n.log', 'cli.log', 'sandbox.log', 'build.log']) fs.rmSync(path.join(LOG_DIR, f), { force: true });

	log('building and packing n8n-nodes-nexpay; starting the sandbox');
	const packing = (async () => {
		await buildPackage({ logFile: path.join(LOG_DIR, 'build.log') });
		return packPackage(path.join(P.RUNTIME_DIR, 'pack'), { logFile: path.join(LOG_DIR, 'build.log') });
	})();
	const sandboxing = startSandboxProcess({ port: sandboxPort, logFile: path.join(LOG_DIR, 'sandbox.log') });
	const [packed, sandboxResult] = await Promise.allSettled([packing, sandboxing]);
	if (sandboxResult.status === 'fulfilled') cleanup.sandbox = sandboxResult.value;
	if (packed.status === 'rejected') throw packed.reason;
	if (sandboxResult.status === 'rejected') throw sandboxResult.reason;
	const tgz = packed.value;
	const sandbox = sandboxResult.value;
	log(`packed ${path.relative(P.ROOT, tgz)}; sandbox on ${sandbox.url}`);

	const outbox = await startOutbox({ port: outboxPort, onMessage: (m) => process.stdout.write(`[outbox] ${describeMessage(m)}\n`) });
	cleanup.outbox = outbox;

	const instance = new N8nInstance({ userFolder: USER_FOLDER, port: n8nPort, logDir: LOG_DIR });
	const installed = await instance.installPackage(tgz);
	log(`installed ${installed.name}@${installed.version} as a community package (${path.relative(P.ROOT, installed.dir)})`);

	const credentials = sandboxCredentials(sandbox.info);
	await instance.importCredentials(credentials);
	log(`imported ${credentials.length} credential(s) pointing at the sandbox: ${credentials.map((c) => c.name).join(', ')}`);

	const examples = examplesToImport(outbox.url);
	if (examples.changed.length > 0) {
		await instance.importWorkflows(examples.changed.map((e) => e.json));
		for (const e of examples.changed.filter((x) => x.json.active === true && x.json.id)) await instance.publishWorkflow(e.json.id);
		for (const e of examples.changed) examples.record[e.name] = e.hash;
		fs.writeFileSync(IMPORTED_LIST, `${JSON.stringify(examples.record, null, 2)}\n`);
		log(`imported ${examples.changed.length} example workflow(s): ${examples.changed.map((e) => e.name).join(', ')}`);
	} else {
		log(examples.all.length ? `examples unchanged since the last start (${examples.all.length} kept as they are in n8n)` : 'no examples/*.json to import');
	}

	log(`starting n8n on ${HOST}:${n8nPort} (log: ${path.relative(P.ROOT, path.join(LOG_DIR, 'n8n.log'))})`);
	cleanup.instance = instance;
	await instance.start({
		onLine: (line) => {
			if (VERBOSE || /\b(warn|error)\b/i.test(line) || /nexpay/i.test(line)) process.stdout.write(`[n8n] ${line}\n`);
		},
	});
	await instance.ownerRest(); // first start: creates the owner; later starts: checks the login works
	log(`n8n is ready (${elapsed()} since npm start)`);

	const workflowNames = examples.all.map((e) => e.json.name || e.name);
	const lines = [
		'',
		`  n8n editor     ${instance.baseUrl}/`,
		`  login          ${LOCAL_OWNER.email}  /  ${LOCAL_OWNER.password}   (local only)`,
		`  sandbox        ${sandbox.url}   (fake keys; control API under ${sandbox.url}/__sandbox/)`,
		`  outbox         ${outbox.url}/   (what the examples "e-mail"; also printed below as [outbox] lines)`,
		`  credentials    ${credentials.map((c) => c.name).join(', ')}`,
		...(workflowNames.length ? [`  workflows      ${workflowNames.join(', ')}`] : []),
		'',
		'  Try first:',
		'   1. Overview → Credentials → "Nexpay EuroWallet API (local sandbox)" → Retest: n8n signs a request',
		'      with the credential and the sandbox checks the HMAC.',
		workflowNames.length
			? `   2. Open "${workflowNames[0]}" and click "Execute workflow" (each example's sticky notes say what to try).`
			: '   2. New workflow → add the "Nexpay" node (search "Nexpay") → pick the sandbox credential → Execute step.',
		`   3. See what the sandbox received: ${sandbox.url}/__sandbox/requests`,
		...(credentials.some((c) => c.type === 'nexpayWebhookApi')
			? [
					'   4. Nexpay Trigger: add it to a workflow with the "Nexpay Webhook (local sandbox)" credential, publish,',
					'      then have the sandbox deliver a signed payment.status webhook to its Production URL:',
					`      curl -s -X POST ${sandbox.url}/__sandbox/webhooks/send -H 'content-type: application/json' \\`,
					`        -d '{"url":"${'<Production URL>'}","variant":"valid"}'   (variant "tampered-body" → 401, no execution)`,
				]
			: []),
		'',
		'  Ctrl-C stops n8n and the sandbox. Logs: .n8n-runtime/logs/',
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);

	// Keep running until Ctrl-C, or until n8n or the sandbox dies on its own.
	const why = await Promise.race([
		instance.server.exited.then((e) => `n8n exited on its own (code ${e.code ?? e.signal}) — see .n8n-runtime/logs/n8n.log`),
		sandbox.exited.then((e) => `the sandbox exited on its own (code ${e.code ?? e.signal}) — see .n8n-runtime/logs/sandbox.log`),
	]);
	if (stopping) return; // Ctrl-C: the signal handler finishes the shutdown and exits.
	await shutdown();
	fail('start', why);
}

const cleanup = { instance: undefined, sandbox: undefined, outbox: undefined };
let stopping = false;
async function shutdown() {
	stopping = true;
	const jobs = [];
	if (cleanup.instance) jobs.push(cleanup.instance.stop());
	if (cleanup.sandbox) jobs.push(cleanup.sandbox.stop());
	if (cleanup.outbox) jobs.push(cleanup.outbox.close());
	await Promise.allSettled(jobs);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		if (stopping) {
			process.stdout.write('\nstill stopping; press Ctrl-C again after a few seconds to force\n');
			process.exit(130);
		}
		process.stdout.write(`\n`);
		log(`${signal}: stopping n8n and the sandbox`);
		shutdown().then(() => {
			log('stopped');
			process.exit(0);
		});
	});
}

main().catch(async (error) => {
	if (stopping) return;
	await shutdown();
	fail('start', error);
});
