import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { compactIban } from '../helpers/validation';

/** What "All Events" is stored as in the Events parameter. */
export const ALL_EVENTS = '*';

export const PAYMENT_STATUS_EVENT = 'payment.status';

/** A delivery as Nexpay sends it: `{"event": "...", "payload": {...}}`. */
export interface NexpayWebhookEvent {
	event: string;
	payload: IDataObject;
}

export type ParsedEvent = { ok: true; value: NexpayWebhookEvent } | { ok: false; reason: string };

function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the verified raw bytes (never n8n's re-parsed body: those are the bytes that were signed). */
export function parseWebhookEvent(rawBody: Buffer): ParsedEvent {
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8')) as unknown;
	} catch {
		return { ok: false, reason: 'The body is not JSON' };
	}
	if (!isPlainObject(parsed)) return { ok: false, reason: 'The body is not a JSON object' };
	if (typeof parsed.event !== 'string' || !parsed.event.trim()) return { ok: false, reason: 'The body has no "event"' };
	if (parsed.payload !== undefined && parsed.payload !== null && !isPlainObject(parsed.payload)) {
		return { ok: false, reason: '"payload" is not an object' };
	}
	return { ok: true, value: { event: parsed.event, payload: (parsed.payload as IDataObject | null) ?? {} } };
}

export interface WebhookFilters {
	/** Event names to accept; `*` accepts every event, new ones included. */
	events: string[];
	/** Upper-case statuses (COMPLETED, REJECTED); empty accepts any. */
	statuses: string[];
	/** incoming / outgoing; empty accepts both. */
	directions: string[];
	/** Normalised IBANs of our accounts; empty accepts any account. */
	accounts: string[];
}

/** IBANs from a comma/space/newline-separated string, an array, or both mixed. */
export function parseIbanList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.flatMap((entry) => String(entry ?? '').split(/[,;\n]/)) : String(value ?? '').split(/[,;\n]/);
	return [...new Set(parts.map(compactIban).filter((iban) => iban.length > 0))];
}

function asList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((entry) => String(entry));
	if (value === undefined || value === null || value === '') return [];
	return [String(value)];
}

export function buildFilters(events: unknown, filters: IDataObject): WebhookFilters {
	const eventList = asList(events).map((event) => event.trim()).filter(Boolean);
	return {
		events: eventList.length ? eventList : [ALL_EVENTS],
		statuses: asList(filters.statuses).map((status) => status.trim().toUpperCase()).filter(Boolean),
		directions: asList(filters.directions).map((direction) => direction.trim().toLowerCase()).filter(Boolean),
		accounts: parseIbanList(filters.accounts),
	};
}

/** Why an event is filtered out, or undefined when the workflow should run for it. */
export function filteredOutBecause(event: NexpayWebhookEvent, filters: WebhookFilters): string | undefined {
	if (!filters.events.includes(ALL_EVENTS) && !filters.events.includes(event.event)) return `event ${event.event} is not selected`;
	const { payload } = event;
	// A filter that is set demands its field: an event without a status never matches a status filter.
	if (filters.statuses.length && !filters.statuses.includes(String(payload.status ?? '').toUpperCase())) {
		return `status ${String(payload.status ?? '(none)')} is not selected`;
	}
	if (filters.directions.length && !filters.directions.includes(String(payload.direction ?? '').toLowerCase())) {
		return `direction ${String(payload.direction ?? '(none)')} is not selected`;
	}
	if (filters.accounts.length && !filters.accounts.includes(compactIban(payload.account))) {
		return `account ${String(payload.account ?? '(none)')} is not selected`;
	}
	return undefined;
}

/** Identifies an event across Nexpay's redeliveries: same event, payment and status, or else the same bytes. */
export function deliveryKey(event: NexpayWebhookEvent, rawBody: Buffer): string {
	const { paymentId, status } = event.payload;
	if (paymentId !== undefined && paymentId !== null && paymentId !== '') {
		return `${event.event}|${String(paymentId)}|${String(status ?? '')}`;
	}
	return `${event.event}|sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/**
 * Deliveries this process accepted, per trigger: a redelivery within the window is dropped. In
 * memory on purpose: n8n does not save static data written in webhook(), and its database-backed
 * deduplication loses records when executions overlap. One process receives a workflow's webhooks
 * (regular mode: n8n itself; queue mode: the main or a webhook process), and the check and the
 * record happen in one synchronous step, so two deliveries at the same moment cannot both pass.
 */
export class RecentDeliveries {
	private readonly acceptedAt = new Map<string, number>();

	constructor(
		private readonly limit = 10000,
		private readonly windowMs = 24 * 60 * 60 * 1000,
	) {}

	/** Whether `key` was accepted within the window; records it when it was not. */
	seenBefore(key: string, now: number = Date.now()): boolean {
		const at = this.acceptedAt.get(key);
		if (at !== undefined && now - at < this.windowMs) return true;
		this.acceptedAt.delete(key);
		this.acceptedAt.set(key, now);
		// Oldest first: a Map iterates in insertion order.
		for (const oldest of this.acceptedAt.keys()) {
			if (this.acceptedAt.size <= this.limit) break;
			this.acceptedAt.delete(oldest);
		}
		return false;
	}
}

export const recentDeliveries = new RecentDeliveries();

const DROPPED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Request headers for the output, without credentials or cookies a proxy may have added. */
export function safeHeaders(headers: Record<string, unknown>): IDataObject {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined || DROPPED_HEADERS.has(name.toLowerCase())) continue;
		out[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
	}
	return out;
}

/** One flat item: the event name, then the payload's fields. */
export function flattenEvent(event: NexpayWebhookEvent): IDataObject {
	const json: IDataObject = { event: event.event };
	for (const [name, value] of Object.entries(event.payload)) {
		// A payload field called "event" would hide the event name; keep both.
		json[name === 'event' ? 'payloadEvent' : name] = value;
	}
	return json;
}
