'use strict';
// Running child commands: output goes to a log file; failures become one-line errors naming the log.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { sleep } = require('./net');

/**
 * Run a command to completion. Output is appended to `logFile` (or kept in memory when none).
 * Every `heartbeatMs` it calls `onHeartbeat(seconds)` so long steps are not silent.
 * Resolves with { stdout, stderr, code }; rejects with a one-line Error when the exit code is non-zero
 * (unless `allowFailure`).
 */
function run(command, args, options = {}) {
	const { cwd, env, logFile, heartbeatMs = 30000, onHeartbeat, allowFailure = false, input, timeoutMs } = options;
	return new Promise((resolve, reject) => {
		let logStream;
		if (logFile) {
			fs.mkdirSync(path.dirname(logFile), { recursive: true });
			logStream = fs.createWriteStream(logFile, { flags: 'a' });
			logStream.write(`\n$ ${command} ${args.join(' ')}\n`);
		}
		const child = spawn(command, args, {
			cwd,
			env: env || process.env,
			stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			detached: true,
		});
		const out = [];
		const err = [];
		child.stdout.on('data', (d) => {
			out.push(d);
			if (logStream) logStream.write(d);
		});
		child.stderr.on('data', (d) => {
			err.push(d);
			if (logStream) logStream.write(d);
		});
		if (input !== undefined) child.stdin.end(input);
		const started = Date.now();
		const beat = onHeartbeat
			? setInterval(() => onHeartbeat(Math.round((Date.now() - started) / 1000)), heartbeatMs)
			: undefined;
		let timedOut = false;
		const timer = timeoutMs
			? setTimeout(() => {
					timedOut = true;
					killGroup(child.pid);
				}, timeoutMs)
			: undefined;
		// Ctrl-C on the parent also stops the child's whole group.
		const onExit = () => killGroup(child.pid);
		process.on('exit', onExit);
		child.on('error', (e) => {
			if (beat) clearInterval(beat);
			if (timer) clearTimeout(timer);
			process.removeListener('exit', onExit);
			reject(new Error(`could not run ${command}: ${e.message}`));
		});
		child.on('close', (code, signal) => {
			if (beat) clearInterval(beat);
			if (timer) clearTimeout(timer);
			process.removeListener('exit', onExit);
			const result = {
				code: code === null ? -1 : code,
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
			};
			const finish = () => {
				if (code === 0 || allowFailure) return resolve(result);
				const last = lastMeaningfulLine(result.stderr) || lastMeaningfulLine(result.stdout) || '';
				const why = timedOut ? `timed out after ${Math.round(timeoutMs / 1000)}s` : `exit code ${code ?? signal}`;
				reject(
					new Error(
						`${path.basename(command)} ${args.slice(0, 2).join(' ')} failed (${why})${last ? `: ${last}` : ''}${
							logFile ? ` — full output in ${path.relative(process.cwd(), logFile) || logFile}` : ''
						}`,
					),
				);
			};
			if (logStream) logStream.end(finish);
			else finish();
		});
	});
}

function lastMeaningfulLine(text) {
	const lines = String(text)
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l && !/Unknown user config "nodedir"/.test(l) && !/^npm (notice|warn)/.test(l));
	const errLine = [...lines].reverse().find((l) => /error|ERR!|not found|EADDRINUSE/i.test(l));
	return (errLine || lines[lines.length - 1] || '').slice(0, 300);
}

/** Kill a detached child's whole process group, ignoring "already gone". */
function killGroup(pid, signal = 'SIGKILL') {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			/* gone */
		}
	}
}

/**
 * Starts a long-running command in its own process group, output appended to `logFile`. The process group is
 * killed if this process exits first; stop() sends SIGTERM, waits up to `graceMs`, then SIGKILLs the group.
 */
function startService(command, args, { cwd, env, logFile, graceMs = 5000 }) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
	fs.closeSync(out);
	let exit;
	const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve((exit = { code, signal }))));
	const safety = () => killGroup(child.pid);
	process.on('exit', safety);
	const stop = async () => {
		if (!exit) {
			killGroup(child.pid, 'SIGTERM');
			if ((await Promise.race([exited, sleep(graceMs).then(() => 'timeout')])) === 'timeout') killGroup(child.pid, 'SIGKILL');
		}
		process.removeListener('exit', safety);
	};
	return { pid: child.pid, exited, exitInfo: () => exit, stop };
}

module.exports = { run, killGroup, lastMeaningfulLine, startService };
