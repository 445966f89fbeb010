'use strict';
// Private Redis and PostgreSQL instances for n8n's queue mode: Debian packages (installed when missing and
// we are root), data in a folder of our own, listening on 127.0.0.1 only, on ports of our own.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { run, startService } = require('./proc');
const { HOST, isPortFree } = require('./net');
const { UserError } = require('./log');

const PG_DATABASE = 'n8n';
const PG_USER = 'postgres';
const APT_PACKAGES = { redis: 'redis-server', postgres: 'postgresql' };

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The newest /usr/lib/postgresql/<version>/bin that has initdb, pg_ctl and psql (Debian's layout). */
function findPostgresBin() {
	const base = '/usr/lib/postgresql';
	let versions = [];
	try {
		versions = fs.readdirSync(base).filter((v) => /^\d+$/.test(v));
	} catch {
		return undefined;
	}
	for (const v of versions.sort((a, b) => Number(b) - Number(a))) {
		const bin = path.join(base, v, 'bin');
		if (['initdb', 'pg_ctl', 'psql', 'postgres'].every((f) => fs.existsSync(path.join(bin, f)))) return bin;
	}
	return undefined;
}

function findRedisServer() {
	for (const dir of [...String(process.env.PATH || '').split(path.delimiter), '/usr/bin', '/usr/sbin']) {
		const file = path.join(dir, 'redis-server');
		if (dir && fs.existsSync(file)) return file;
	}
	return undefined;
}

/**
 * Makes sure redis-server and PostgreSQL are installed. Missing ones are installed from Debian with
 * apt-get when we run as root; otherwise a one-line error says what to install.
 */
async function ensureQueueServices({ logFile, onStep = () => {} } = {}) {
	const missing = [];
	if (!findRedisServer()) missing.push(APT_PACKAGES.redis);
	if (!findPostgresBin()) missing.push(APT_PACKAGES.postgres);
	if (missing.length > 0) {
		const hint = `queue mode needs Redis and PostgreSQL: run \`sudo apt-get install -y ${missing.join(' ')}\` and try again`;
		const aptGet = fs.existsSync('/usr/bin/apt-get') ? '/usr/bin/apt-get' : undefined;
		if (!isRoot() || !aptGet) throw new UserError(hint);
		onStep(`installing ${missing.join(' and ')} from Debian (apt-get; output in ${logFile || 'memory'})`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		await run(aptGet, ['update', '-qq'], { env, logFile, timeoutMs: 600000 });
		await run(aptGet, ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, logFile, timeoutMs: 900000 });
		if (!findRedisServer() || !findPostgresBin()) throw new UserError(`apt-get installed ${missing.join(' ')} but the binaries are still missing; ${hint}`);
	}
	return { redisServer: findRedisServer(), postgresBin: findPostgresBin() };
}

/** Sends PING over RESP; resolves true on +PONG. */
function redisPing(port, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: HOST, port });
		let answer = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			answer += d.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/**
 * `redis-server` on 127.0.0.1:port, no persistence (queue jobs only live while the stack runs), its working
 * folder `dir`. Resolves {port, stop()} once it answers PING.
 */
async function startRedis({ port, dir, logFile, redisServer = findRedisServer() }) {
	if (!redisServer) throw new UserError(`redis-server is not installed: run \`sudo apt-get install -y ${APT_PACKAGES.redis}\``);
	if (!(await isPortFree(port))) throw new UserError(`port ${port} is in use (another Redis?) — stop it or set QUEUE_REDIS_PORT to a free port`);
	fs.mkdirSync(dir, { recursive: true });
	const { pid, exited, exitInfo, stop } = startService(
		redisServer,
		['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes', '--daemonize', 'no'],
		{ logFile },
	);
	const deadline = Date.now() + 20000;
	while (!(await redisPing(port))) {
		const exit = exitInfo();
		if (exit) throw new Error(`redis-server exited (code ${exit.code ?? exit.signal}) — see ${logFile}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`redis-server did not answer on ${HOST}:${port} within 20s — see ${logFile}`);
		}
		// A timer that holds the event loop: with an unref'd one, a redis-server that died at once ended this process silently.
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return { port, pid, stop, exited, url: `redis://${HOST}:${port}` };
}

/**
 * How to run Postgres' own tools: as ourselves when we are not root, else as the `postgres` user (initdb and
 * the server refuse to run as root) through runuser.
 */
function postgresRunner() {
	if (!isRoot()) return { wrap: (cmd, args) => [cmd, args], chown: () => {} };
	const id = spawnSync('id', ['-u', PG_USER], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', PG_USER], { encoding: 'utf8' });
	if (id.status !== 0) {
		throw new UserError(`running as root, but there is no "${PG_USER}" user to run PostgreSQL as (initdb refuses root): install the postgresql package or run as a normal user`);
	}
	const uid = Number(id.stdout.trim());
	const groupId = Number(gid.stdout.trim());
	const runuser = fs.existsSync('/usr/sbin/runuser') ? '/usr/sbin/runuser' : 'runuser';
	return {
		wrap: (cmd, args) => [runuser, ['-u', PG_USER, '--', cmd, ...args]],
		chown: (dir) => {
			for (const entry of [dir]) fs.chownSync(entry, uid, groupId);
		},
	};
}

/** As root the server runs as `postgres`, which must be able to reach its data folder. */
function assertTraversable(dir) {
	for (let d = path.resolve(dir); ; d = path.dirname(d)) {
		if ((fs.statSync(d).mode & 0o001) === 0) {
			throw new UserError(`the PostgreSQL data folder is under ${d}, which the postgres user cannot enter (chmod o+x it, or choose another folder)`);
		}
		if (d === path.dirname(d)) return;
	}
}

function pgRun(runner, bin, tool, args, options = {}) {
	const [cmd, wrapped] = runner.wrap(path.join(bin, tool), args);
	// runuser keeps our cwd; the postgres user may not be allowed into it.
	return run(cmd, wrapped, { cwd: '/', ...options });
}

/** `pg_ctl status`: true when a server runs on this data folder (e.g. left over from a killed run). */
async function postgresRunning(runner, bin, dataDir) {
	const r = await pgRun(runner, bin, 'pg_ctl', ['status', '-D', dataDir], { allowFailure: true });
	return r.code === 0;
}

/**
 * A private PostgreSQL cluster in `dataDir` (created with initdb, trust auth, TCP on 127.0.0.1:port only)
 * holding the database `n8n`. Resolves {port, database, user, psql(sql), stop()}.
 */
async function startPostgres({ port, dataDir, logFile, postgresBin = findPostgresBin() }) {
	if (!postgresBin) throw new UserError(`PostgreSQL is not installed: run \`sudo apt-get install -y ${APT_PACKAGES.postgres}\``);
	const runner = postgresRunner();
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const exists = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
	if (exists && (await postgresRunning(runner, postgresBin, dataDir))) {
		// A server of ours that outlived its script (killed with -9): stop it so we start with our settings.
		await pgRun(runner, postgresBin, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w'], { allowFailure: true, logFile });
	}
	if (!(await isPortFree(port))) throw new UserError(`port ${port} is in use (another PostgreSQL?) — stop it or set QUEUE_POSTGRES_PORT to a free port`);
	if (!exists) {
		fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		if (isRoot()) assertTraversable(path.dirname(dataDir));
		runner.chown(dataDir);
		await pgRun(runner, postgresBin, 'initdb', ['-D', dataDir, '--auth=trust', `--username=${PG_USER}`, '--encoding=UTF8', '--locale=C.UTF-8'], {
			logFile,
			timeoutMs: 120000,
		});
	}
	// The server log goes beside the data (the postgres user may not write to our log folder).
	const serverLog = path.join(dataDir, 'server.log');
	const options = `-p ${port} -c listen_addresses=${HOST} -c unix_socket_directories='' -c max_connections=100 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
	await pgRun(runner, postgresBin, 'pg_ctl', ['start', '-D', dataDir, '-w', '-t', '60', '-l', serverLog, '-o', options], { logFile, timeoutMs: 90000 });

	const psqlBin = path.join(postgresBin, 'psql');
	const psql = async (sql, { database = PG_DATABASE, allowFailure = false } = {}) => {
		const r = await run(psqlBin, ['-h', HOST, '-p', String(port), '-U', PG_USER, '-d', database, '-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			allowFailure,
			timeoutMs: 60000,
		});
		return r.stdout
			.split('\n')
			.filter((l) => l.length > 0)
			.map((l) => l.split('\t'));
	};
	const stop = async () => {
		process.removeListener('exit', safety);
		await pgRun(runner, postgresBin, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], { allowFailure: true, logFile });
	};
	// Ctrl-C or a crash of ours must not leave a server behind (pg_ctl daemonises it, so it is not our child).
	const [safeCmd, safeArgs] = runner.wrap(path.join(postgresBin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate']);
	const safety = () => spawnSync(safeCmd, safeArgs, { cwd: '/', stdio: 'ignore' });
	process.on('exit', safety);

	const found = await psql(`SELECT 1 FROM pg_database WHERE datname = '${PG_DATABASE}'`, { database: 'postgres' });
	if (found.length === 0) await psql(`CREATE DATABASE ${PG_DATABASE}`, { database: 'postgres' });
	return { port, database: PG_DATABASE, user: PG_USER, dataDir, serverLog, psql, stop };
}

module.exports = { ensureQueueServices, startRedis, startPostgres, redisPing, findPostgresBin, findRedisServer, isRoot, PG_DATABASE, PG_USER };
