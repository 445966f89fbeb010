// Shared pieces of the reliability campaign: result tables, the campaign's credentials, a seeded
// PRNG, and the evidence store that every part feeds for the secrets search (part 5).
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';
import type { ICredentialType, INodeExecutionData, IRunData } from 'n8n-workflow';

import { NexpayApi } from '../../credentials/NexpayApi.credentials';
import { NexpayEuroWalletApi } from '../../credentials/NexpayEuroWalletApi.credentials';
import { NexpayWebhookApi } from '../../credentials/NexpayWebhookApi.credentials';
import { prepareEnvironment } from '../rig/env';
import type { Sandbox, SandboxKeys } from '../sandbox';

/** One printed table: a part's result. */
export interface PartTable {
	title: string;
	columns: string[];
	rows: (string | number)[][];
	/** Lines printed under the table: what was run, what the API cannot make exact, misses. */
	notes: string[];
}

export function formatTable(table: PartTable): string {
	const cell = (value: string | number): string => String(value).replace(/\|/g, '\\|');
	const lines = [
		`#### ${table.title}`,
		'',
		`| ${table.columns.map(cell).join(' | ')} |`,
		`|${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
		...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
	];
	if (table.notes.length) lines.push('', ...table.notes);
	return lines.join('\n');
}

/**
 * Keys with characters that URL encoding changes (`+`, `/`, `=`; `!` only in form encoding), so
 * the search for their URL-encoded and form-encoded forms looks for three different strings.
 */
export const CAMPAIGN_KEYS: SandboxKeys = {
	v2ApiKey: 'cmpV2+key/Zq8W1x=0001!',
	euroWalletApiKey: 'cmpEwApi+key/Hk3P9d=0002!',
	euroWalletSecretKey: 'cmpEwSecret+key/Tn7R2m=0003!',
	euroWalletTransactionSecret: 'cmpEwTx+secret/Lp5Q4v=0004!',
};

export function v2Credentials(sandbox: Sandbox) {
	return { nexpayApi: { environment: 'custom', baseUrl: sandbox.url, apiKey: sandbox.keys.v2ApiKey } };
}

export function euroWalletCredentials(sandbox: Sandbox) {
	return {
		nexpayEuroWalletApi: {
			environment: 'custom',
			baseUrl: sandbox.url,
			apiKey: sandbox.keys.euroWalletApiKey,
			secretKey: sandbox.keys.euroWalletSecretKey,
			transactionSecret: sandbox.keys.euroWalletTransactionSecret,
		},
	};
}

export const CREDENTIAL_TYPES: ICredentialType[] = [new NexpayApi(), new NexpayEuroWalletApi(), new NexpayWebhookApi()];

/** mulberry32: the campaign's inputs and fault choices replay exactly for one seed. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** JSON that survives the cycles n8n errors carry (node, cause, context). */
export function safeJson(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, entry: unknown) => {
		if (typeof entry === 'bigint') return entry.toString();
		if (Buffer.isBuffer(entry)) return entry.toString('utf8');
		if (entry && typeof entry === 'object') {
			if (seen.has(entry)) return '[cycle]';
			seen.add(entry);
			if (entry instanceof Error) {
				// Own enumerable fields miss message and stack.
				return { ...(entry as unknown as Record<string, unknown>), name: entry.name, message: entry.message, stack: entry.stack };
			}
		}
		return entry;
	}) ?? '';
}

export type EvidenceKind = 'output items' | 'errors' | 'run data' | 'log lines';
export const EVIDENCE_KINDS: EvidenceKind[] = ['output items', 'errors', 'run data', 'log lines'];

export interface EvidenceSummary {
	entries: Record<EvidenceKind, number>;
	characters: Record<EvidenceKind, number>;
	hits: { kind: EvidenceKind; source: string; needle: Needle }[];
}

interface Needle {
	credential: string;
	field: string;
	form: string;
	text: string;
}

/**
 * Every output item, error, run-data entry and log line of the campaign is searched here, as it
 * happens (10,000 webhook runs are not kept in memory), for each credential secret and its
 * URL-encoded forms.
 */
export class Evidence {
	readonly entries: Record<EvidenceKind, number> = { 'output items': 0, errors: 0, 'run data': 0, 'log lines': 0 };
	readonly characters: Record<EvidenceKind, number> = { 'output items': 0, errors: 0, 'run data': 0, 'log lines': 0 };
	readonly hits: { kind: EvidenceKind; source: string; needle: Needle }[] = [];
	private readonly needles: Needle[];

	constructor(private readonly sources: { credential: string; field: string; value: string }[]) {
		this.needles = sources.flatMap(({ credential, field, value }) => {
			const forms = new Map<string, string>([
				['plain', value],
				['encodeURIComponent', encodeURIComponent(value)],
				['form-encoded', new URLSearchParams({ v: value }).toString().slice(2)],
			]);
			return [...new Set(forms.values())].map((text) => ({
				credential,
				field,
				form: [...forms.entries()].filter(([, form]) => form === text).map(([name]) => name).join(' = '),
				text,
			}));
		});
	}

	/** The password fields of the credential types, with the values the campaign's credentials hold. */
	static forKeys(keys: SandboxKeys): Evidence {
		const sandbox = { url: 'http://127.0.0.1', keys } as Sandbox;
		const values: Record<string, Record<string, string>> = { ...v2Credentials(sandbox), ...euroWalletCredentials(sandbox) };
		const secrets: { credential: string; field: string; value: string }[] = [];
		for (const type of CREDENTIAL_TYPES) {
			for (const property of type.properties) {
				const value = values[type.name]?.[property.name];
				if (property.typeOptions?.password && value) secrets.push({ credential: type.displayName, field: property.displayName, value });
			}
		}
		return new Evidence(secrets);
	}

	/** What a child process searched and found, to be merged into the parent's evidence. */
	summary(): EvidenceSummary {
		return { entries: { ...this.entries }, characters: { ...this.characters }, hits: this.hits.map((hit) => ({ ...hit })) };
	}

	merge(summary: EvidenceSummary, prefix: string): void {
		for (const kind of EVIDENCE_KINDS) {
			this.entries[kind] += summary.entries[kind];
			this.characters[kind] += summary.characters[kind];
		}
		for (const hit of summary.hits) this.hits.push({ ...hit, source: `${prefix}: ${hit.source}` });
	}

	/** The secrets as a child process needs them to search its own run. */
	get secrets(): { credential: string; field: string; value: string }[] {
		return this.sources;
	}

	/** "Nexpay API / API Key" for each secret searched. */
	get secretNames(): string[] {
		return [...new Set(this.needles.map((needle) => `${needle.credential} / ${needle.field}`))];
	}

	get formCount(): number {
		return this.needles.length;
	}

	scan(kind: EvidenceKind, source: string, value: unknown): void {
		const text = typeof value === 'string' ? value : safeJson(value);
		this.entries[kind]++;
		this.characters[kind] += text.length;
		for (const needle of this.needles) {
			if (text.includes(needle.text)) this.hits.push({ kind, source, needle });
		}
	}

	/** A node run: each output item, the error, each run-data entry. */
	scanRun(source: string, run: { items?: INodeExecutionData[]; outputs?: INodeExecutionData[][]; error?: unknown; runData?: IRunData }): void {
		for (const item of (run.outputs ?? [run.items ?? []]).flat()) this.scan('output items', source, item);
		if (run.error !== undefined) {
			const error = run.error as { message?: string; description?: string };
			this.scan('errors', source, { message: error.message, description: error.description, error: run.error });
		}
		for (const [node, tasks] of Object.entries(run.runData ?? {})) {
			for (const task of tasks) this.scan('run data', `${source} ${node}`, task);
		}
	}

	/** n8n's logger (nodes' `this.logger`, LoggerProxy) and the console, whatever the log level. */
	captureLogs(): () => void {
		const restore: (() => void)[] = [];
		const wrap = <T extends object>(target: T, name: string, kind: EvidenceKind, label: string): void => {
			const record = target as unknown as Record<string, (...args: unknown[]) => unknown>;
			const original = record[name];
			record[name] = (...args: unknown[]) => {
				this.scan(kind, label, args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' '));
				return original.apply(target, args);
			};
			restore.push(() => {
				record[name] = original;
			});
		};
		// Before n8n builds its logger, so it has the rig's level (silent) and prints nothing itself.
		prepareEnvironment();
		const logger = Container.get(Logger);
		for (const level of ['error', 'warn', 'info', 'debug']) wrap(logger, level, 'log lines', `n8n logger ${level}`);
		for (const level of ['log', 'warn', 'error', 'info', 'debug']) wrap(console, level, 'log lines', `console.${level}`);
		return () => restore.reverse().forEach((undo) => undo());
	}
}

/** An error message on one line of a table note (some carry a proxy's whole HTML page). */
export const oneLine = (text: string, max = 140): string => {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/** Runs `task` over `inputs` with at most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(inputs: T[], limit: number, task: (input: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await task(inputs[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
	return results;
}

/** Part 5: what the search covered and what it found (never the secret itself). */
export function secretsTable(evidence: Evidence): PartTable {
	const rows: (string | number)[][] = EVIDENCE_KINDS.map((kind) => [
		kind,
		evidence.entries[kind].toLocaleString('en-US'),
		evidence.characters[kind].toLocaleString('en-US'),
		evidence.hits.filter((hit) => hit.kind === kind).length,
	]);
	rows.push([
		'**all**',
		EVIDENCE_KINDS.reduce((sum, kind) => sum + evidence.entries[kind], 0).toLocaleString('en-US'),
		EVIDENCE_KINDS.reduce((sum, kind) => sum + evidence.characters[kind], 0).toLocaleString('en-US'),
		evidence.hits.length,
	]);
	const hits = evidence.hits.slice(0, 20).map((hit) => `- ${hit.kind}, ${hit.source}: ${hit.needle.credential} / ${hit.needle.field} (${hit.needle.form})`);
	return {
		title: '5. Secrets: every output item, error, run-data entry and log line of the campaign',
		columns: ['searched', 'entries', 'characters', 'hits'],
		rows,
		notes: [
			`Searched for ${evidence.secretNames.length} secrets (${evidence.secretNames.join(', ')}: every password field of the credentials), each as is, URL-encoded and form-encoded (${evidence.formCount} strings; the campaign's keys contain + / = ! so the three forms differ). Log lines: n8n's logger (what nodes log through \`this.logger\`, at any level, though the rig keeps it silent) and the console.`,
			...(hits.length ? ['', ...hits] : []),
		],
	};
}
