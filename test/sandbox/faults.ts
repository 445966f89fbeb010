// Fault injection: which authenticated request gets which failure. Probabilistic faults draw
// from a seeded PRNG so a failing run can be replayed exactly.
import { compilePath, type PathPattern } from './router';
import type { FaultBodyFormat, FaultKind, FaultSpec } from './types';

export const FAULT_KINDS: FaultKind[] = [
	'status-before-commit',
	'status-after-commit',
	'reset-before-commit',
	'reset-after-commit',
	'delay-after-commit',
	'delay-before-commit',
	'retry-after',
];

export const FAULT_BODY_FORMATS: FaultBodyFormat[] = ['json', 'html', 'empty'];

/** A fault chosen for one request, with its defaults filled in. */
export interface FiredFault {
	kind: FaultKind;
	status: number;
	retryAfterSeconds: number;
	delayMs: number;
	body?: unknown;
	bodyFormat: FaultBodyFormat;
}

interface ActiveFault {
	spec: FaultSpec;
	method: string | null;
	pattern: PathPattern | null;
	remaining: number;
	skipped: number;
}

/** mulberry32: tiny, fast, good enough for test randomness. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const isKind = (value: unknown): value is FaultKind => FAULT_KINDS.includes(value as FaultKind);

/** Checks a spec coming from a test or from JSON; throws with a readable reason. */
function validateFaultSpec(input: unknown): FaultSpec {
	if (typeof input !== 'object' || input === null) throw new Error('fault must be an object');
	const spec = input as Record<string, unknown>;
	const problems: string[] = [];
	if (typeof spec.route !== 'string' || !(spec.route === '*' || /^[A-Z]+ \/\S*$/.test(spec.route))) {
		problems.push("route must be '*' or 'METHOD /path'");
	}
	if (!isKind(spec.kind)) problems.push(`kind must be one of ${FAULT_KINDS.join(', ')}`);
	if (spec.kinds !== undefined && (!Array.isArray(spec.kinds) || !spec.kinds.every(isKind))) problems.push('kinds must be an array of kinds');
	if (spec.status !== undefined && !(Number.isInteger(spec.status) && (spec.status as number) >= 400 && (spec.status as number) <= 599)) {
		problems.push('status must be an HTTP error status (400-599)');
	}
	if (spec.kind === 'retry-after' && spec.status !== undefined && spec.status !== 429 && spec.status !== 503) {
		problems.push('retry-after status must be 429 or 503');
	}
	for (const field of ['retryAfterSeconds', 'delayMs'] as const) {
		if (spec[field] !== undefined && !(typeof spec[field] === 'number' && (spec[field] as number) >= 0)) problems.push(`${field} must be a number >= 0`);
	}
	if (spec.bodyFormat !== undefined && !FAULT_BODY_FORMATS.includes(spec.bodyFormat as FaultBodyFormat)) {
		problems.push(`bodyFormat must be one of ${FAULT_BODY_FORMATS.join(', ')}`);
	}
	if (spec.match !== undefined && !(typeof spec.match === 'string' && spec.match.length > 0)) problems.push('match must be a non-empty string');
	if (spec.skip !== undefined && !(Number.isInteger(spec.skip) && (spec.skip as number) >= 0)) problems.push('skip must be an integer >= 0');
	if (spec.times !== undefined && !(Number.isInteger(spec.times) && (spec.times as number) >= 1)) problems.push('times must be an integer >= 1');
	if (spec.probability !== undefined && !(typeof spec.probability === 'number' && spec.probability >= 0 && spec.probability <= 1)) {
		problems.push('probability must be between 0 and 1');
	}
	if (problems.length) throw new Error(`invalid fault: ${problems.join('; ')}`);
	return spec as unknown as FaultSpec;
}

export class FaultEngine {
	private faults: ActiveFault[] = [];
	private random: () => number;

	constructor(private readonly seed: number) {
		this.random = prng(seed);
	}

	add(input: FaultSpec): void {
		const spec = validateFaultSpec(input);
		const [method, path] = spec.route === '*' ? [null, null] : spec.route.split(' ');
		this.faults.push({
			spec,
			method,
			pattern: path === null ? null : compilePath(path),
			// Random faults are a chaos mode: unlimited unless told otherwise.
			remaining: spec.times ?? (spec.probability === undefined ? 1 : Infinity),
			skipped: 0,
		});
	}

	clear(): void {
		this.faults = [];
	}

	/** Clears faults and restarts the PRNG, so the same seed replays the same sequence. */
	reset(): void {
		this.clear();
		this.random = prng(this.seed);
	}

	/** The fault for this request, if any; consumes one of its `times`. First match wins. */
	fire(method: string, path: string, content = ''): FiredFault | null {
		for (const fault of this.faults) {
			if (fault.remaining <= 0) continue;
			if (fault.method !== null && fault.method !== method) continue;
			if (fault.pattern !== null && !fault.pattern.match(path)) continue;
			if (fault.spec.match !== undefined && !content.includes(fault.spec.match)) continue;
			if (fault.skipped < (fault.spec.skip ?? 0)) {
				fault.skipped++;
				continue;
			}
			const { spec } = fault;
			if (spec.probability !== undefined && this.random() >= spec.probability) continue;
			fault.remaining--;
			const kind = spec.kinds?.length ? spec.kinds[Math.floor(this.random() * spec.kinds.length)] : spec.kind;
			return {
				kind,
				status: kind === 'retry-after' ? (spec.status === 503 ? 503 : 429) : (spec.status ?? 500),
				retryAfterSeconds: spec.retryAfterSeconds ?? 1,
				delayMs: spec.delayMs ?? 3000,
				body: spec.body,
				bodyFormat: spec.bodyFormat ?? 'json',
			};
		}
		return null;
	}
}
