// Types for scripts/n8n/lib (plain CommonJS so it runs on Node 20 with no build step).

export declare const ROOT: string;
export declare const RUNTIME_DIR: string;
export declare const N8N_VERSION: string;
export declare const NODE_VERSION: string;
export declare const NODE_BIN: string;
export declare const N8N_BIN: string;
export declare const HOST: '127.0.0.1';
export declare const ENCRYPTION_KEY: string;
export declare const LOCAL_OWNER: Readonly<{ email: string; firstName: string; lastName: string; password: string }>;
export declare const CREDENTIAL_IDS: Readonly<{ nexpayApi: string; nexpayEuroWalletApi: string; nexpayWebhookApi: string }>;

export interface RunResult {
	code: number;
	signal: string | null;
	stdout: string;
	stderr: string;
}

export interface ExecuteResult extends RunResult {
	/** The run data `n8n execute --rawOutput` printed after its log lines, parsed. */
	json: unknown;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface SandboxInfo {
	url: string;
	keys: { v2ApiKey: string; euroWalletApiKey: string; euroWalletSecretKey: string; euroWalletTransactionSecret: string };
	webhookPublicKeyPem: string;
}

export interface PublicExecution {
	id: string | number;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	data?: unknown;
	[key: string]: unknown;
}

export declare function ensureN8n(options?: { force?: boolean }): Promise<{ nodeBin: string; n8nBin: string }>;
export declare function freePort(): Promise<number>;
export declare function isPortFree(port: number, host?: string): Promise<boolean>;
export declare function waitForHttp(
	url: string,
	options?: { timeoutMs?: number; intervalMs?: number; accept?: (status: number) => boolean; alive?: () => string | undefined; method?: string },
): Promise<number>;
export declare function sleep(ms: number): Promise<void>;
export declare function killGroup(pid: number | undefined, signal?: NodeJS.Signals): void;
export declare function stripAnsi(text: string): string;
export declare function parseExecuteOutput(stdout: string): unknown;
export declare function executeErrorText(stdout: string, stderr?: string): string;
export declare function buildPackage(options?: { logFile?: string }): Promise<void>;
export declare function packPackage(destDir: string, options?: { logFile?: string }): Promise<string>;
export declare function installCommunityPackage(userFolder: string, tgz: string): Promise<{ name: string; version: string; dir: string }>;
export declare function declaredCredentialTypes(): string[];
export declare function sandboxCredentials(info: SandboxInfo, options?: { types?: string[] }): CredentialImport[];
export declare function publicApiGet(baseUrl: string, apiKey: string, path: string): Promise<unknown>;

export declare class RestError extends Error {
	status: number;
	body: unknown;
}

export declare class N8nRest {
	constructor(baseUrl: string, options?: { browserId?: string });
	baseUrl: string;
	cookie: string | undefined;
	request(
		method: string,
		path: string,
		body?: unknown,
		options?: { expect?: number[] },
	): Promise<{ status: number; body: unknown; data: unknown; text: string }>;
	/** True when it created the owner, false when one existed and it logged in instead. */
	setupOrLogin(owner?: { email: string; firstName: string; lastName: string; password: string }): Promise<boolean>;
	login(email?: string, password?: string): Promise<void>;
	createApiKey(label?: string): Promise<string>;
	testCredential(credentials: { id: string; name: string; type: string; data?: Record<string, unknown> }): Promise<{ status: 'OK' | 'Error'; message: string }>;
}

export interface N8nServerHandle {
	pid: number;
	exited: Promise<{ code: number | null; signal: string | null }>;
	output(): string;
	stop(graceMs?: number): Promise<unknown>;
}

export declare class N8nInstance {
	constructor(options: { userFolder: string; port?: number; logDir?: string; logLevel?: string; env?: Record<string, string> });
	readonly userFolder: string;
	port: number | undefined;
	readonly logDir: string;
	readonly baseUrl: string;
	server: N8nServerHandle | undefined;
	env(extra?: Record<string, string>): Promise<NodeJS.ProcessEnv>;
	installPackage(tgz: string): Promise<{ name: string; version: string; dir: string }>;
	cli(args: string[], options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<RunResult>;
	cliOk(args: string[], options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<RunResult>;
	importCredentials(credentials: CredentialImport[]): Promise<void>;
	importWorkflows(workflows: (string | Record<string, unknown>)[]): Promise<(string | undefined)[]>;
	publishWorkflow(id: string): Promise<void>;
	execute(id: string, options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<ExecuteResult>;
	start(options?: { onLine?: (line: string) => void; timeoutMs?: number }): Promise<string>;
	stop(): Promise<void>;
	/** Everything `n8n start` printed so far, without colours. */
	output(): string;
	ownerRest(owner?: { email: string; firstName: string; lastName: string; password: string }): Promise<N8nRest>;
	waitForWebhook(webhookPath: string, options?: { method?: string; timeoutMs?: number }): Promise<string>;
	executions(apiKey: string, options?: { workflowId?: string; includeData?: boolean; status?: string }): Promise<PublicExecution[]>;
}

/** Node and credential type names the built package declares (needs `npm run build`). */
export declare function declaredTypes(): { packageName: string; nodes: string[]; credentials: string[] };

export interface OutboxMessage {
	method: string;
	path: string;
	contentType: string | null;
	/** Parsed JSON, or the raw text when it was not JSON. */
	body: unknown;
	receivedAt: string;
}

export interface Outbox {
	url: string;
	port: number;
	/** Every POST (or other non-GET-/ request) received, oldest first. */
	messages(): OutboxMessage[];
	clear(): void;
	close(): Promise<void>;
}

/** The local stand-in for e-mail/chat services that the examples post to (127.0.0.1:4011 under `npm start`). */
export declare const DEFAULT_OUTBOX_PORT: number;
/** The base URL written in examples/*.json. */
export declare const EXAMPLE_OUTBOX_URL: string;
export declare function startOutbox(options?: { port?: number; onMessage?: (message: OutboxMessage) => void }): Promise<Outbox>;
export declare function describeMessage(message: OutboxMessage): string;

/** Redis + PostgreSQL from Debian (installed with apt-get when missing and running as root). */
export declare function ensureQueueServices(options?: { logFile?: string; onStep?: (message: string) => void }): Promise<{ redisServer: string; postgresBin: string }>;

export interface QueueWorker {
	index: number;
	name: string;
	healthPort: number;
	handle: N8nServerHandle;
	/** Everything the worker printed so far, without colours. */
	output(): string;
}

/** The environment every queue-mode process gets (EXECUTIONS_MODE, QUEUE_BULL_REDIS_*, DB_POSTGRESDB_*, binary data mode). */
export declare function queueEnv(options: { postgresPort: number; redisPort: number }): Record<string, string>;
export declare const QUEUE_DEFAULTS: Readonly<{ port: number; workers: number; concurrency: number; postgresPort: number; redisPort: number; firstWorkerHealthPort: number }>;

/** n8n in queue mode: private Redis + PostgreSQL, one main and N workers sharing one user folder. */
export declare class QueueStack {
	constructor(options: {
		dir: string;
		userFolder?: string;
		logDir?: string;
		port?: number;
		workers?: number;
		concurrency?: number;
		postgresPort?: number;
		redisPort?: number;
		workerHealthPorts?: number[];
		logLevel?: string;
		env?: Record<string, string>;
	});
	readonly dir: string;
	readonly logDir: string;
	readonly workerCount: number;
	readonly concurrency: number;
	/** The main process (its CLI imports into the shared database). */
	readonly main: N8nInstance;
	workers: QueueWorker[];
	readonly baseUrl: string;
	ports(): { n8n: number | undefined; workers: number[]; postgres: number; redis: number };
	assertPortsFree(): Promise<void>;
	startServices(options?: { onStep?: (message: string) => void }): Promise<void>;
	start(options?: { onLine?: (line: string) => void; onWorkerLine?: (worker: string, line: string) => void; timeoutMs?: number }): Promise<string>;
	/** Execution ids each worker started, from its log. */
	executionsByWorker(): { name: string; executionIds: string[] }[];
	/** Rows of a query against n8n's PostgreSQL database, each row an array of strings. */
	sql(query: string): Promise<string[][]>;
	stop(): Promise<void>;
}
