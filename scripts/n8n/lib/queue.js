'use strict';
// n8n's queue mode on one machine: Redis + PostgreSQL of our own, one main (`n8n start`: editor, webhooks,
// polling triggers) and N workers (`n8n worker`) that take executions from Redis. Used by
// `npm run start:queue` (start-queue.js) and the queue-mode e2e suite (test/e2e-queue).
const fs = require('node:fs');
const path = require('node:path');

const { N8nInstance } = require('./instance');
const { startN8nServer, stripAnsi } = require('./n8n');
const { HOST, isPortFree, waitForHttp } = require('./net');
const { UserError } = require('./log');
const { ensureQueueServices, startPostgres, startRedis, PG_DATABASE, PG_USER } = require('./services');

const QUEUE_DEFAULTS = Object.freeze({ port: 5690, workers: 2, concurrency: 10, postgresPort: 5499, redisPort: 6399, firstWorkerHealthPort: 5691 });

/** What every process of the stack needs to find the others (see README "Running at scale (queue mode)"). */
function queueEnv({ postgresPort, redisPort }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: HOST,
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: HOST,
		DB_POSTGRESDB_PORT: String(postgresPort),
		DB_POSTGRESDB_DATABASE: PG_DATABASE,
		DB_POSTGRESDB_USER: PG_USER,
		DB_POSTGRESDB_PASSWORD: '',
		// Workers and main must all read the binary data an execution wrote: the database is the store they share.
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// Editor "Execute workflow" runs on the workers too, like production executions.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// n8n's default (0) removes a job from Redis the moment it completes. When a worker finishes before the
		// main process starts waiting for the job (Bull's job.finished()), the wait never ends and the webhook
		// caller gets no answer, although the execution succeeded: seen 1 in 400 under load. Kept jobs let the
		// wait see that the job is done.
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
	};
}

class QueueStack {
	/**
	 * @param {object} o
	 * @param {string} o.dir           holds user/ (N8N_USER_FOLDER shared by all processes), logs/, postgres/, redis/
	 * @param {string} [o.userFolder]  another N8N_USER_FOLDER (default <dir>/user)
	 * @param {string} [o.logDir]      default <dir>/logs
	 * @param {number} [o.port]        the main's HTTP port
	 * @param {number} [o.workers]     how many `n8n worker` processes
	 * @param {number} [o.concurrency] executions each worker runs at once
	 * @param {number} [o.postgresPort]
	 * @param {number} [o.redisPort]
	 * @param {number[]} [o.workerHealthPorts] one per worker (default: firstWorkerHealthPort, +1, …)
	 * @param {object} [o.env]         extra environment for every n8n process
	 */
	constructor({
		dir,
		userFolder,
		logDir,
		port = QUEUE_DEFAULTS.port,
		workers = QUEUE_DEFAULTS.workers,
		concurrency = QUEUE_DEFAULTS.concurrency,
		postgresPort = QUEUE_DEFAULTS.postgresPort,
		redisPort = QUEUE_DEFAULTS.redisPort,
		workerHealthPorts,
		logLevel = 'info',
		env = {},
	}) {
		if (!Number.isInteger(workers) || workers < 1) throw new UserError(`the number of workers must be 1 or more, got ${workers}`);
		if (!Number.isInteger(concurrency) || concurrency < 1) throw new UserError(`worker concurrency must be 1 or more, got ${concurrency}`);
		this.dir = path.resolve(dir);
		this.logDir = logDir || path.join(this.dir, 'logs');
		this.workerCount = workers;
		this.concurrency = concurrency;
		this.postgresPort = postgresPort;
		this.redisPort = redisPort;
		this.workerHealthPorts = workerHealthPorts || Array.from({ length: workers }, (_, i) => port + 1 + i);
		this.main = new N8nInstance({
			userFolder: userFolder || path.join(this.dir, 'user'),
			port,
			logDir: this.logDir,
			logLevel,
			env: { ...queueEnv({ postgresPort, redisPort }), ...env },
		});
		this.workers = [];
		this.redis = undefined;
		this.postgres = undefined;
	}

	get baseUrl() {
		return this.main.baseUrl;
	}

	/** Every port the stack will listen on, for a check before minutes of work. */
	ports() {
		return { n8n: this.main.port, workers: this.workerHealthPorts, postgres: this.postgresPort, redis: this.redisPort };
	}

	async assertPortsFree() {
		const all = [
			['N8N_PORT', this.main.port],
			...this.workerHealthPorts.map((p, i) => [`worker ${i + 1} health port`, p]),
			['QUEUE_POSTGRES_PORT', this.postgresPort],
			['QUEUE_REDIS_PORT', this.redisPort],
		];
		const seen = new Map();
		for (const [name, port] of all) {
			if (seen.has(port)) throw new UserError(`${name} and ${seen.get(port)} are both ${port}; they must differ`);
			seen.set(port, name);
		}
		for (const [name, port] of all) {
			if (name === 'QUEUE_POSTGRES_PORT' && fs.existsSync(path.join(this.dir, 'postgres', 'postmaster.pid'))) continue; // ours, restarted below
			if (!(await isPortFree(port))) throw new UserError(`port ${port} (${name}) on ${HOST} is in use — stop what uses it or choose another port`);
		}
	}

	/** Installs Redis/PostgreSQL when missing (root only), then starts both; the n8n CLI needs the database. */
	async startServices({ onStep = () => {} } = {}) {
		const logFile = path.join(this.logDir, 'services.log');
		const found = await ensureQueueServices({ logFile, onStep });
		this.redis = await startRedis({ port: this.redisPort, dir: path.join(this.dir, 'redis'), logFile: path.join(this.logDir, 'redis.log'), redisServer: found.redisServer });
		onStep(`redis-server on ${HOST}:${this.redisPort}`);
		this.postgres = await startPostgres({ port: this.postgresPort, dataDir: path.join(this.dir, 'postgres'), logFile, postgresBin: found.postgresBin });
		onStep(`PostgreSQL (${path.basename(path.dirname(found.postgresBin))}) on ${HOST}:${this.postgresPort}, database "${PG_DATABASE}"`);
	}

	/**
	 * Starts the main, waits until it is ready (it runs the database migrations), then the workers, and waits
	 * for each worker's /healthz/readiness.
	 */
	async start({ onLine, onWorkerLine, timeoutMs = 240000 } = {}) {
		if (!this.postgres || !this.redis) throw new Error('startServices() first');
		await this.main.start({ onLine, timeoutMs });
		await Promise.all(Array.from({ length: this.workerCount }, (_, i) => this.startWorker(i, { onLine: onWorkerLine, timeoutMs })));
		return this.baseUrl;
	}

	async startWorker(index, { onLine, timeoutMs = 240000 } = {}) {
		const healthPort = this.workerHealthPorts[index];
		const env = await this.main.env({
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: HOST,
		});
		const name = `worker-${index + 1}`;
		const handle = startN8nServer({
			env,
			logFile: path.join(this.logDir, `${name}.log`),
			args: ['worker', `--concurrency=${this.concurrency}`],
			onLine: onLine ? (line) => onLine(name, line) : undefined,
		});
		const worker = { index, name, healthPort, handle, output: () => stripAnsi(handle.output()) };
		this.workers[index] = worker;
		await waitForHttp(`http://${HOST}:${healthPort}/healthz/readiness`, {
			timeoutMs,
			alive: () => {
				const exit = handle.exitInfo();
				return exit ? `${name} exited (code ${exit.code ?? exit.signal}) before it was ready — see ${path.join(this.logDir, `${name}.log`)}` : undefined;
			},
		});
		return worker;
	}

	/** Execution ids each worker started, from its log ("Worker started execution N"). */
	executionsByWorker() {
		return this.workers.map((w) => {
			const ids = new Set();
			for (const m of w.output().matchAll(/Worker started execution (\d+)/g)) ids.add(m[1]);
			return { name: w.name, executionIds: [...ids] };
		});
	}

	/** Rows of a SQL query against n8n's database (each row an array of strings). */
	sql(query) {
		if (!this.postgres) throw new Error('startServices() first');
		return this.postgres.psql(query);
	}

	async stop() {
		const workers = this.workers.filter(Boolean);
		this.workers = [];
		await Promise.allSettled(workers.map((w) => w.handle.stop()));
		await this.main.stop().catch(() => undefined);
		const redis = this.redis;
		const postgres = this.postgres;
		this.redis = undefined;
		this.postgres = undefined;
		await Promise.allSettled([redis?.stop(), postgres?.stop()]);
	}
}

module.exports = { QueueStack, QUEUE_DEFAULTS, queueEnv };
