'use strict';
// Running the real n8n from .n8n-runtime: its environment, its CLI, and `n8n start` as a process group.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const P = require('./paths');
const { run, killGroup } = require('./proc');
const { HOST, sleep } = require('./net');

// Fixed on purpose: a local, throwaway instance whose only secrets are the sandbox's fake keys.
const ENCRYPTION_KEY = 'nexpay-local-n8n-encryption-key-not-a-secret';

// Modules that start slowly or look up n8n's own hosts; none is needed to run community nodes.
const DISABLED_MODULES = [
	'mcp-registry',
	'instance-ai',
	'agents',
	'chat-hub',
	'insights',
	'workflow-builder',
	'data-table',
	'mcp',
	'breaking-changes',
	'instance-registry',
].join(',');

/**
 * The environment for every n8n process we start. Inherits the caller's environment (PATH, HOME, and
 * any N8N_* the user set), then pins what makes n8n local, offline and reproducible.
 */
function n8nEnv({ userFolder, port, brokerPort, logLevel = 'info', extra = {} }) {
	const base = { ...process.env };
	// Keys that would point n8n at other folders/databases than ours.
	// (jest sets NODE_ENV=test, and n8n then refuses to load nodes: "Not available in tests").
	for (const key of Object.keys(base)) if (/^(DB_|N8N_USER_FOLDER$|N8N_CONFIG_FILES$|NODE_ENV$|JEST_)/.test(key)) delete base[key];
	return {
		...base,
		PATH: `${path.join(P.NODE_DIR, 'bin')}${path.delimiter}${process.env.PATH}`,
		NODE_ENV: 'production',
		NO_COLOR: '1',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DISABLED_MODULES: DISABLED_MODULES,
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LISTEN_ADDRESS: HOST,
		N8N_HOST: HOST,
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: logLevel,
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: HOST,
		// Set explicitly so n8n 2.41 prints no deprecation notice for them.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// The editor would otherwise ask api.n8n.io for its list of verified community nodes (offline here:
		// "getaddrinfo ENOTFOUND api.n8n.io" in the log each time the node panel opens).
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
		...(port
			? { N8N_PORT: String(port), N8N_WEBHOOK_URL: `http://${HOST}:${port}/`, N8N_EDITOR_BASE_URL: `http://${HOST}:${port}/` }
			: {}),
		...(brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(brokerPort) } : {}),
		...extra,
	};
}

/** Runs an n8n CLI command (import:*, export:*, execute, publish:workflow …) to completion. */
function n8nCli(args, { env, logFile, timeoutMs = 180000, allowFailure = false, cwd } = {}) {
	return run(P.NODE_BIN, [P.N8N_BIN, ...args], { env, logFile, timeoutMs, allowFailure, cwd: cwd || env.N8N_USER_FOLDER });
}

/**
 * Starts `n8n start` (or another long-running command given as `args`, e.g. ['worker', '--concurrency=10'])
 * in its own process group. Output goes to `logFile` and to `onLine` (if given).
 * The handle's stop() sends SIGTERM to the group, waits up to `graceMs`, then SIGKILLs it.
 */
function startN8nServer({ env, logFile, onLine, args = ['start'] }) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'a');
	const child = spawn(P.NODE_BIN, [P.N8N_BIN, ...args], {
		cwd: env.N8N_USER_FOLDER,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	let exit;
	const onData = (d) => {
		const text = d.toString('utf8');
		output += text;
		if (output.length > 2_000_000) output = output.slice(-1_000_000);
		fs.writeSync(out, text);
		if (onLine) for (const line of text.split('\n')) if (line.trim()) onLine(line);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exited = new Promise((resolve) => {
		child.on('close', (code, signal) => {
			exit = { code, signal };
			try {
				fs.closeSync(out);
			} catch {
				/* closed */
			}
			resolve(exit);
		});
	});
	const safety = () => killGroup(child.pid);
	process.on('exit', safety);
	return {
		pid: child.pid,
		child,
		output: () => output,
		exitInfo: () => exit,
		exited,
		async stop(graceMs = 10000) {
			if (!exit) {
				killGroup(child.pid, 'SIGTERM');
				const timer = sleep(graceMs).then(() => 'timeout');
				if ((await Promise.race([exited, timer])) === 'timeout') {
					killGroup(child.pid, 'SIGKILL');
					await exited;
				}
			}
			// The task runner is in the same group; make sure nothing of the group survives.
			killGroup(child.pid, 'SIGKILL');
			process.removeListener('exit', safety);
			return exit;
		},
	};
}

/** n8n's log lines, ANSI colours removed. */
function stripAnsi(text) {
	return String(text).replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * `n8n execute --rawOutput` prints log lines, then the run data as pretty-printed JSON, then (on a failed
 * run) an error report. Returns the parsed run data (the first top-level JSON block) or undefined.
 */
function parseExecuteOutput(stdout) {
	const lines = stripAnsi(stdout).split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{' && lines[i] !== '[' && !/^[[{].*[\]}]$/.test(lines[i])) continue;
		const close = lines[i].length === 1 ? (lines[i] === '{' ? '}' : ']') : undefined;
		for (let j = i; j < lines.length; j++) {
			if (close ? lines[j] !== close : j !== i) continue;
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n'));
			} catch {
				break;
			}
		}
	}
	return undefined;
}

/** The error report `n8n execute` prints after a failed run ("Execution error: …"), if any. */
function executeErrorText(stdout, stderr = '') {
	const text = stripAnsi(`${stdout}\n${stderr}`);
	const at = text.indexOf('Execution error:');
	if (at >= 0) return text.slice(at).split('\n').filter((l) => l.trim() && !/^\s+at /.test(l)).slice(0, 6).join('\n');
	const lines = text.split('\n').filter((l) => /error/i.test(l));
	return lines.slice(-3).join('\n');
}

module.exports = { ENCRYPTION_KEY, DISABLED_MODULES, n8nEnv, n8nCli, startN8nServer, stripAnsi, parseExecuteOutput, executeErrorText };
