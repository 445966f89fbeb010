import type { IDataObject } from 'n8n-workflow';

/*
 * Poll state kept in the node's workflow static data. n8n saves it with the execution a poll
 * starts (and after an empty poll), so it survives restarts and deactivation. Each state
 * records the configuration it was built for: a different link, status or account starts
 * afresh instead of comparing against the wrong history.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Payment link submissions: a seen-set of submission ids that reached the watched status.
// ---------------------------------------------------------------------------------------------

export interface SubmissionState {
	/** Link id (or `*`) and status the state belongs to. */
	scope: string;
	/** Submission id → its createdAt in ms (0 when unknown); only submissions already reported or present at the start. */
	seen: Record<string, number>;
	/** Submissions created at or before this (ms) were dropped from `seen` to keep it bounded; treated as handled. */
	floor?: number;
}

/** Submissions remembered per node; beyond this the oldest-created are dropped (see `floor`). */
export const MAX_SEEN_SUBMISSIONS = 5000;

export function createdAtMs(submission: IDataObject): number {
	const parsed = Date.parse(String(submission.createdAt ?? ''));
	return Number.isNaN(parsed) ? 0 : parsed;
}

export function readSubmissionState(staticData: IDataObject, scope: string): SubmissionState | undefined {
	const state = staticData.submissions as SubmissionState | undefined;
	if (!state || state.scope !== scope || typeof state.seen !== 'object' || state.seen === null) return undefined;
	return state;
}

export interface SubmissionPollResult {
	/** Submissions to report, oldest first. */
	fresh: IDataObject[];
	state: SubmissionState;
}

/**
 * Which listed submissions newly have the watched status. Only submissions with that status
 * enter the seen-set, so one that was pending at an earlier poll is reported when it reaches
 * it. The first poll (no state) reports nothing and remembers what is already there.
 */
export function nextSubmissions(
	listed: IDataObject[],
	status: string,
	scope: string,
	previous: SubmissionState | undefined,
	limit = MAX_SEEN_SUBMISSIONS,
): SubmissionPollResult {
	const matching = listed.filter((submission) => String(submission.status ?? '') === status && submission.id !== undefined);
	const seen: Record<string, number> = { ...(previous?.seen ?? {}) };
	const floor = previous?.floor;
	const fresh: IDataObject[] = [];
	for (const submission of matching) {
		const id = String(submission.id);
		if (id in seen) continue;
		const created = createdAtMs(submission);
		seen[id] = created;
		if (!previous) continue; // first poll: remember, do not report
		if (floor !== undefined && created !== 0 && created <= floor) continue; // forgotten long ago: reported before
		fresh.push(submission);
	}
	fresh.sort((a, b) => createdAtMs(a) - createdAtMs(b));
	return { fresh, state: boundSeen({ scope, seen, floor }, limit) };
}

/** Keeps the `limit` most recently created ids; the newest dropped createdAt becomes the floor. */
export function boundSeen(state: SubmissionState, limit: number): SubmissionState {
	const entries = Object.entries(state.seen);
	if (entries.length <= limit) return state;
	entries.sort((a, b) => b[1] - a[1]);
	const kept = entries.slice(0, limit);
	const dropped = entries.slice(limit);
	const droppedMax = Math.max(...dropped.map(([, created]) => created));
	return {
		scope: state.scope,
		seen: Object.fromEntries(kept),
		floor: Math.max(state.floor ?? 0, droppedMax),
	};
}

/** The submission a test run shows: the most recently created one with the watched status. */
export function latestSubmission(listed: IDataObject[], status: string): IDataObject | undefined {
	let latest: IDataObject | undefined;
	for (const submission of listed) {
		if (String(submission.status ?? '') !== status) continue;
		// Equal times: the later one in the list wins (the list is oldest first).
		if (!latest || createdAtMs(submission) >= createdAtMs(latest)) latest = submission;
	}
	return latest;
}

// ---------------------------------------------------------------------------------------------
// EuroWallet history: a date window that overlaps the previous one, deduplicated by paymentId.
// ---------------------------------------------------------------------------------------------

export interface HistoryState {
	/** Account IBAN ('' = the default account) the state belongs to. */
	scope: string;
	/** UTC date (yyyy-MM-dd) of the last successful poll. */
	polledOn: string;
	/** Entry key → entry date, for every entry in the current window already handled. */
	seen: Record<string, string>;
	/** `seen` is complete from this date on; older entries count as handled (a longer look-back never repeats them). */
	keptFrom: string;
}

export function utcDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export function shiftDate(date: string, days: number): string {
	return utcDate(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}

export function readHistoryState(staticData: IDataObject, scope: string): HistoryState | undefined {
	const state = staticData.history as HistoryState | undefined;
	if (
		!state ||
		state.scope !== scope ||
		typeof state.polledOn !== 'string' ||
		typeof state.keptFrom !== 'string' ||
		typeof state.seen !== 'object' ||
		state.seen === null
	) {
		return undefined;
	}
	return state;
}

/** First day to ask for: the previous poll's day, minus the look-back days for late bookings. */
export function historyFromDate(state: HistoryState | undefined, today: string, lookBackDays: number): string {
	return shiftDate(state?.polledOn ?? today, -lookBackDays);
}

/** paymentId alone can repeat across the two legs of a transfer between our own IBANs. */
export function entryKey(entry: IDataObject): string {
	return `${String(entry.paymentId ?? '')}|${String(entry.direction ?? '')}`;
}

export interface HistoryPollResult {
	/** Entries not handled before, in the order the history lists them. */
	fresh: IDataObject[];
	state: HistoryState;
}

/**
 * New history entries since the last poll. Every entry of the window is remembered, whatever the
 * direction filter, and forgotten only once the next window no longer reaches its date, so the
 * seen-set holds a few days of entries at most. The first poll reports nothing.
 */
export function nextHistoryEntries(
	entries: IDataObject[],
	scope: string,
	previous: HistoryState | undefined,
	today: string,
	lookBackDays: number,
): HistoryPollResult {
	const seen: Record<string, string> = { ...(previous?.seen ?? {}) };
	const fresh: IDataObject[] = [];
	for (const entry of entries) {
		if (entry.paymentId === undefined || entry.paymentId === null || entry.paymentId === '') continue;
		const key = entryKey(entry);
		if (key in seen) continue;
		const date = typeof entry.date === 'string' && entry.date ? entry.date : today;
		seen[key] = date;
		// Older than what the previous poll kept: only reachable after the look-back grew, and handled then.
		if (previous && date >= previous.keptFrom) fresh.push(entry);
	}
	const keptFrom = shiftDate(today, -lookBackDays);
	const kept = Object.fromEntries(Object.entries(seen).filter(([, date]) => date >= keptFrom));
	return { fresh, state: { scope, polledOn: today, seen: kept, keptFrom } };
}
