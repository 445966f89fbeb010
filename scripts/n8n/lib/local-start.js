'use strict';
// The steps `npm start` (start.js) and `npm run start:queue` (start-queue.js) share: ports from the
// environment, build + pack next to the sandbox, the outbox, installing the package and importing the
// sandbox credentials and examples, the banner, and staying up until Ctrl-C.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const P = require('./paths');
const { step, fail, UserError } = require('./log');
const { buildPackage, packPackage } = require('./package');
const { startSandboxProcess, sandboxCredentials } = require('./sandbox');
const { startOutbox, describeMessage, EXAMPLE_OUTBOX_URL } = require('./outbox');
const { LOCAL_OWNER } = require('./rest');

const EXAMPLES_DIR = path.join(P.ROOT, 'examples');

function portFromEnv(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`${name} must be a port number (1–65535), got "${raw}"`);
	return port;
}

function countFromEnv(name, fallback, { min = 1, max = 64 } = {}) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
	return n;
}

/**
 * examples/*.json that are new or changed since the last import into this user folder (so edits made in
 * n8n survive restarts). The examples post to the outbox at http://127.0.0.1:4011; another port is written in.
 */
function examplesToImport(userFolder, outboxUrl) {
	const importedList = path.join(userFolder, 'imported-examples.json');
	if (!fs.existsSync(EXAMPLES_DIR)) return { all: [], changed: [], record: {}, importedList };
	let record = {};
	try {
		record = JSON.parse(fs.readFileSync(importedList, 'utf8'));
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
	return { all, changed, record, importedList };
}

/**
 * Builds and packs the package while the sandbox process starts, then starts the outbox. Whatever started is
 * put into `cleanup` (sandbox, outbox) at once, so a failure later still stops it.
 */
async function startSandboxAndPack({ sandboxPort, outboxPort, logDir, cleanup, log }) {
	log('building and packing n8n-nodes-nexpay; starting the sandbox');
	const packing = (async () => {
		await buildPackage({ logFile: path.join(logDir, 'build.log') });
		return packPackage(path.join(P.RUNTIME_DIR, 'pack'), { logFile: path.join(logDir, 'build.log') });
	})();
	const sandboxing = startSandboxProcess({ port: sandboxPort, logFile: path.join(logDir, 'sandbox.log') });
	const [packed, sandboxResult] = await Promise.allSettled([packing, sandboxing]);
	if (sandboxResult.status === 'fulfilled') cleanup.sandbox = sandboxResult.value;
	if (packed.status === 'rejected') throw packed.reason;
	if (sandboxResult.status === 'rejected') throw sandboxResult.reason;
	const tgz = packed.value;
	const sandbox = sandboxResult.value;
	log(`packed ${path.relative(P.ROOT, tgz)}; sandbox on ${sandbox.url}`);

	const outbox = await startOutbox({ port: outboxPort, onMessage: (m) => process.stdout.write(`[outbox] ${describeMessage(m)}\n`) });
	cleanup.outbox = outbox;
	return { tgz, sandbox, outbox };
}

/** Installs the tarball as a community package, imports the sandbox credentials and new/changed examples (publishing active ones). */
async function installAndImport(instance, { tgz, sandbox, outbox, log }) {
	const installed = await instance.installPackage(tgz);
	log(`installed ${installed.name}@${installed.version} as a community package (${path.relative(P.ROOT, installed.dir)})`);

	const credentials = sandboxCredentials(sandbox.info);
	await instance.importCredentials(credentials);
	log(`imported ${credentials.length} credential(s) pointing at the sandbox: ${credentials.map((c) => c.name).join(', ')}`);

	const examples = examplesToImport(instance.userFolder, outbox.url);
	if (examples.changed.length > 0) {
		await instance.importWorkflows(examples.changed.map((e) => e.json));
		for (const e of examples.changed.filter((x) => x.json.active === true && x.json.id)) await instance.publishWorkflow(e.json.id);
		for (const e of examples.changed) examples.record[e.name] = e.hash;
		fs.writeFileSync(examples.importedList, `${JSON.stringify(examples.record, null, 2)}\n`);
		log(`imported ${examples.changed.length} example workflow(s): ${examples.changed.map((e) => e.name).join(', ')}`);
	} else {
		log(examples.all.length ? `examples unchanged since the last start (${examples.all.length} kept as they are in n8n)` : 'no examples/*.json to import');
	}
	return { credentials, workflowNames: examples.all.map((e) => e.json.name || e.name) };
}

/** What to open and try first; `processes` lines are shown under the URLs (queue mode lists its processes). */
function banner({ baseUrl, sandbox, outbox, credentials, workflowNames, processes = [], stops = 'n8n and the sandbox', logs = '.n8n-runtime/logs/' }) {
	const lines = [
		'',
		`  n8n editor     ${baseUrl}/`,
		`  login          ${LOCAL_OWNER.email}  /  ${LOCAL_OWNER.password}   (local only)`,
		`  sandbox        ${sandbox.url}   (fake keys; control API under ${sandbox.url}/__sandbox/)`,
		`  outbox         ${outbox.url}/   (what the examples "e-mail"; also printed below as [outbox] lines)`,
		`  credentials    ${credentials.map((c) => c.name).join(', ')}`,
		...(workflowNames.length ? [`  workflows      ${workflowNames.join(', ')}`] : []),
		...processes.map((p, i) => `  ${i === 0 ? 'processes  ' : '           '}    ${p}`),
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
		`  Ctrl-C stops ${stops}. Logs: ${logs}`,
		'',
	];
	return `${lines.join('\n')}\n`;
}

/**
 * Runs `main(cleanup)` and keeps the process up until Ctrl-C (or until a watched process dies: `main` resolves
 * with a promise of the reason). `stopAll(cleanup)` stops everything that was started, whatever the stage.
 */
function runUntilStopped({ prefix, main, stopAll, what = 'n8n and the sandbox' }) {
	const cleanup = {};
	const log = (m) => step(prefix, m);
	let stopping = false;
	const shutdown = async () => {
		stopping = true;
		await stopAll(cleanup);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			if (stopping) {
				process.stdout.write('\nstill stopping; press Ctrl-C again after a few seconds to force\n');
				process.exit(130);
			}
			process.stdout.write(`\n`);
			log(`${signal}: stopping ${what}`);
			shutdown().then(() => {
				log('stopped');
				process.exit(0);
			});
		});
	}
	main(cleanup, log)
		.then(async (why) => {
			const reason = await why;
			if (stopping) return; // Ctrl-C: the signal handler finishes the shutdown and exits.
			await shutdown();
			fail(prefix, reason);
		})
		.catch(async (error) => {
			if (stopping) return;
			await shutdown();
			fail(prefix, error);
		});
}

module.exports = { portFromEnv, countFromEnv, examplesToImport, startSandboxAndPack, installAndImport, banner, runUntilStopped };
