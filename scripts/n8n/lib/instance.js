'use strict';
// One local n8n instance: a user folder, a port, the CLI, and `n8n start`. Used by start.js and the e2e tests.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { n8nEnv, n8nCli, startN8nServer, stripAnsi, parseExecuteOutput } = require('./n8n');
const { installCommunityPackage } = require('./package');
const { HOST, freePort, isPortFree, waitForHttp, sleep } = require('./net');
const { N8nRest, LOCAL_OWNER, publicApiGet } = require('./rest');

class N8nInstance {
	/**
	 * @param {object} o
	 * @param {string} o.userFolder  N8N_USER_FOLDER (created if missing)
	 * @param {number} [o.port]      n8n's HTTP port (free one picked by start() when omitted)
	 * @param {string} [o.logDir]    where CLI and server output go (default <userFolder>/logs)
	 * @param {string} [o.logLevel]  N8N_LOG_LEVEL
	 * @param {object} [o.env]       extra environment for every n8n process
	 */
	constructor({ userFolder, port, logDir, logLevel = 'info', env = {} }) {
		this.userFolder = path.resolve(userFolder);
		this.port = port;
		this.logDir = logDir || path.join(this.userFolder, 'logs');
		this.logLevel = logLevel;
		this.extraEnv = env;
		this.server = undefined;
		this.brokerPort = undefined;
		fs.mkdirSync(this.userFolder, { recursive: true });
		fs.mkdirSync(this.logDir, { recursive: true });
	}

	get baseUrl() {
		return `http://${HOST}:${this.port}`;
	}

	async env(extra = {}) {
		// Every process gets its own task-broker port: `execute` would otherwise take 5679 next to `n8n start`.
		const brokerPort = await freePort();
		return n8nEnv({
			userFolder: this.userFolder,
			port: this.port,
			brokerPort,
			logLevel: this.logLevel,
			extra: { ...this.extraEnv, ...extra },
		});
	}

	installPackage(tgz) {
		return installCommunityPackage(this.userFolder, tgz);
	}

	/** Runs any n8n CLI command; resolves with {code, stdout, stderr} (non-zero exit is not an error). */
	async cli(args, { timeoutMs = 180000, env } = {}) {
		return n8nCli(args, {
			env: await this.env(env),
			logFile: path.join(this.logDir, 'cli.log'),
			timeoutMs,
			allowFailure: true,
		});
	}

	/** Like cli(), but a non-zero exit becomes a one-line error with n8n's last error line. */
	async cliOk(args, opts) {
		const r = await this.cli(args, opts);
		if (r.code !== 0) {
			const lines = stripAnsi(`${r.stdout}\n${r.stderr}`)
				.split('\n')
				.map((l) => l.trim())
				.filter(Boolean);
			const why = [...lines].reverse().find((l) => /error/i.test(l)) || lines[lines.length - 1] || '';
			throw new Error(`n8n ${args[0]} failed (exit ${r.code}): ${why.slice(0, 300)} — see ${path.join(this.logDir, 'cli.log')}`);
		}
		return r;
	}

	/** Imports credentials given as [{id, name, type, data: {plain object}}]; n8n encrypts them. */
	async importCredentials(credentials) {
		const file = this.tempJson('credentials', credentials);
		try {
			await this.cliOk(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** Imports workflows (objects or file paths) in one CLI run; returns their ids (set an `id` to keep it stable). */
	async importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nexpay-wf-'));
		try {
			const ids = workflows.map((wf, i) => {
				const json = typeof wf === 'string' ? JSON.parse(fs.readFileSync(wf, 'utf8')) : wf;
				fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(json));
				return json.id;
			});
			await this.cliOk(['import:workflow', '--separate', `--input=${dir}`]);
			return ids;
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/** Marks a workflow published (active) so the next `n8n start` registers its triggers/webhooks. */
	async publishWorkflow(id) {
		await this.cliOk(['publish:workflow', `--id=${id}`]);
	}

	/** `n8n execute --id --rawOutput`: {code, json (run data or undefined), stdout, stderr}. */
	async execute(id, { timeoutMs = 180000, env } = {}) {
		const r = await this.cli(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, env });
		return { ...r, json: parseExecuteOutput(r.stdout) };
	}

	/** Starts `n8n start` and waits for /healthz/readiness. Refuses a taken port with a one-line error. */
	async start({ onLine, timeoutMs = 180000 } = {}) {
		if (this.server) throw new Error('n8n is already running');
		if (!this.port) this.port = await freePort();
		if (!(await isPortFree(this.port))) {
			throw new Error(`port ${this.port} on ${HOST} is already in use (another n8n?) — stop it or set N8N_PORT to a free port`);
		}
		const env = await this.env();
		this.brokerPort = Number(env.N8N_RUNNERS_BROKER_PORT);
		this.server = startN8nServer({ env, logFile: path.join(this.logDir, 'n8n.log'), onLine });
		const server = this.server;
		try {
			await waitForHttp(`${this.baseUrl}/healthz/readiness`, {
				timeoutMs,
				alive: () => {
					const exit = server.exitInfo();
					if (!exit) return undefined;
					const tail = lastErrorLine(server.output());
					return `n8n exited (code ${exit.code ?? exit.signal}) before it was ready${tail ? `: ${tail}` : ''}`;
				},
			});
		} catch (error) {
			await this.stop();
			throw error;
		}
		return this.baseUrl;
	}

	async stop() {
		const server = this.server;
		this.server = undefined;
		if (server) await server.stop();
	}

	output() {
		return this.server ? stripAnsi(this.server.output()) : '';
	}

	/** A REST client logged in as the local owner (set up on first use). */
	async ownerRest(owner = LOCAL_OWNER) {
		const rest = new N8nRest(this.baseUrl);
		await rest.setupOrLogin(owner);
		return rest;
	}

	/**
	 * Polls a production webhook URL until n8n has registered it: for a moment after readiness it still
	 * answers 404. The probe uses a method the webhook does not take, so it never runs the workflow:
	 * n8n answers "The requested webhook … is not registered" until the path exists, and "This webhook
	 * is not registered for GET requests" (or 2xx/401/403…) once it does. (OPTIONS does not tell: 204 always.)
	 */
	async waitForWebhook(webhookPath, { method = 'POST', timeoutMs = 30000 } = {}) {
		const url = `${this.baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
		const probe = method.toUpperCase() === 'GET' ? 'PATCH' : 'GET';
		const deadline = Date.now() + timeoutMs;
		let last = 'no answer';
		while (Date.now() < deadline) {
			const res = await fetch(url, { method: probe, signal: AbortSignal.timeout(5000) }).catch(() => undefined);
			if (res) {
				const text = await res.text().catch(() => '');
				if (!(res.status === 404 && /requested webhook .* is not registered/i.test(text))) return url;
				last = `HTTP ${res.status}`;
			}
			await sleep(250);
		}
		throw new Error(`webhook ${url} was not registered within ${Math.round(timeoutMs / 1000)}s (last: ${last})`);
	}

	/** Executions through the public API (needs an API key from ownerRest().createApiKey()). */
	async executions(apiKey, { workflowId, includeData = false, status } = {}) {
		const qs = new URLSearchParams({ limit: '250', includeData: String(includeData) });
		if (workflowId) qs.set('workflowId', workflowId);
		if (status) qs.set('status', status);
		const body = await publicApiGet(this.baseUrl, apiKey, `/api/v1/executions?${qs}`);
		return body.data;
	}

	tempJson(prefix, value) {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `nexpay-${prefix}-`)), `${prefix}.json`);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}
}

function lastErrorLine(output) {
	const lines = stripAnsi(output)
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
	return ([...lines].reverse().find((l) => /error|EADDRINUSE/i.test(l)) || lines[lines.length - 1] || '').slice(0, 300);
}

module.exports = { N8nInstance };
