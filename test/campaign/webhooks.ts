// Part 3: signed webhooks. Deliveries travel over HTTP from the sandbox (which signs them, or
// forges them) to a receiver that hands the exact bytes to the Nexpay Trigger through n8n-core's
// WebhookContext, as n8n's webhook server would.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';

import { NexpayWebhookApi } from '../../credentials/NexpayWebhookApi.credentials';
import { NexpayTrigger } from '../../nodes/Nexpay/NexpayTrigger.node';
import { runWebhook, type RunWebhookResult } from '../rig';
import { startSandbox, type WebhookVariant } from '../sandbox';
import { CAMPAIGN_KEYS, mapLimit, prng, type Evidence, type PartTable } from './common';

type GoodKind = 'valid new event' | 'status update of a known payment' | 'redelivery';
type BadKind = Exclude<WebhookVariant, 'valid'> | 'no key configured';
type DeliveryKind = GoodKind | BadKind;

const GOOD_KINDS: GoodKind[] = ['valid new event', 'status update of a known payment', 'redelivery'];
const BAD_KINDS: BadKind[] = [
	'tampered-body',
	'wrong-key',
	'missing-signature',
	'malformed-signature',
	'signature-not-hex',
	'signature-not-der',
	'signature-raw-rs',
	're-serialised',
	'empty-body',
	'no key configured',
];
const BAD_LABELS: Record<BadKind, string> = {
	'tampered-body': 'tampered body',
	'wrong-key': 'signed with another key',
	'missing-signature': 'no X-Signature',
	'malformed-signature': 'signature truncated (hex)',
	'signature-not-hex': 'signature not hex (base64)',
	'signature-not-der': 'signature hex but not DER',
	'signature-raw-rs': 'signature raw r‖s, not DER',
	're-serialised': 'body re-serialised after signing',
	'empty-body': 'empty body',
	'no key configured': 'valid delivery, no key configured',
};

interface Planned {
	kind: DeliveryKind;
	payload: IDataObject;
	/** Ground truth: the event a receiver should act on once. */
	identity: string;
}

interface Outcome {
	planned: Planned;
	status: number;
	accepted: boolean;
	deliveryKey?: string;
}

/** The mix: 60 % genuine (new events, status updates, redeliveries), 40 % spread over every bad variant. */
export function planDeliveries(count: number, seed: number): Planned[] {
	const random = prng(seed);
	const events: IDataObject[] = [];
	const plan: Planned[] = [];
	let nextPaymentId = 5000;
	const newEvent = (paymentId: number, status: string): IDataObject => ({
		paymentId: String(paymentId),
		account: 'LT023080010000000239',
		amount: `${1 + Math.floor(random() * 5000)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`,
		direction: random() < 0.5 ? 'incoming' : 'outgoing',
		status,
		networkType: 'SEPA',
		otherName: 'Campaign Counterparty',
		otherAccount: 'LT093080020000000646',
		date: '2026-12-01',
		details: `Campaign payment ${paymentId}`,
	});
	for (let i = 0; i < count; i++) {
		const roll = random();
		let planned: Planned;
		if (roll < 0.4 || events.length === 0) {
			const payload = newEvent(nextPaymentId++, random() < 0.8 ? 'COMPLETED' : 'REJECTED');
			events.push(payload);
			planned = { kind: 'valid new event', payload, identity: '' };
		} else if (roll < 0.45) {
			// The same payment reaching another status is another event.
			const known = events[Math.floor(random() * events.length)];
			const payload = { ...known, status: known.status === 'COMPLETED' ? 'REJECTED' : 'COMPLETED' };
			events.push(payload);
			planned = { kind: 'status update of a known payment', payload, identity: '' };
		} else if (roll < 0.6) {
			planned = { kind: 'redelivery', payload: events[Math.floor(random() * events.length)], identity: '' };
		} else {
			const kind = BAD_KINDS[Math.floor(random() * BAD_KINDS.length)];
			planned = { kind, payload: newEvent(nextPaymentId++, 'COMPLETED'), identity: '' };
		}
		planned.identity = `${String(planned.payload.paymentId)}|${String(planned.payload.status)}`;
		plan.push(planned);
	}
	return plan;
}

interface Receiver {
	url: string;
	close(): Promise<void>;
}

/** n8n's webhook server in miniature: raw bytes in, the trigger's answer out; `/no-key` has an empty credential. */
async function startReceiver(pem: string, evidence: Evidence, results: Map<string, RunWebhookResult>): Promise<Receiver> {
	const server: Server = createServer((req: IncomingMessage, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(req.headers)) {
				if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
			}
			const id = headers['x-campaign-delivery'] ?? '';
			runWebhook({
				nodeType: new NexpayTrigger(),
				credentialTypes: [new NexpayWebhookApi()],
				credentials: { nexpayWebhookApi: { pem: req.url?.startsWith('/no-key') ? '' : pem } },
				parameters: {},
				request: { method: req.method, headers, body: Buffer.concat(chunks) },
			}).then(
				(result) => {
					results.set(id, result);
					for (const item of result.workflowData?.flat() ?? []) evidence.scan('output items', `webhook ${id}`, item);
					const sent = result.responseSent;
					const body = sent ? sent.body : result.webhookResponse.webhookResponse;
					evidence.scan('output items', `webhook answer ${id}`, body ?? {});
					res.writeHead(sent?.status ?? 200, { 'content-type': 'application/json' });
					res.end(JSON.stringify(body ?? {}));
				},
				(error: unknown) => {
					evidence.scan('errors', `webhook ${id}`, error);
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ error: 'webhook failed' }));
				},
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export interface WebhookCampaignResult {
	table: PartTable;
	wronglyAccepted: number;
	wronglyRejected: number;
	duplicateRuns: number;
	mergedEvents: number;
	deliveries: number;
	/** Each kind of delivery that was sent at least once. */
	kindsSent: string[];
}

export async function runWebhookCampaign(options: { deliveries: number; seed: number; evidence: Evidence; concurrency?: number }): Promise<WebhookCampaignResult> {
	const sandbox = await startSandbox({ port: 0, seed: options.seed, keys: CAMPAIGN_KEYS });
	const results = new Map<string, RunWebhookResult>();
	const receiver = await startReceiver(sandbox.webhookPublicKeyPem, options.evidence, results);
	const plan = planDeliveries(options.deliveries, options.seed);
	let outcomes: Outcome[];
	try {
		outcomes = await mapLimit(plan, options.concurrency ?? 8, async (planned, index) => {
			const id = String(index);
			const noKey = planned.kind === 'no key configured';
			const variant: WebhookVariant = GOOD_KINDS.includes(planned.kind as GoodKind) || noKey ? 'valid' : (planned.kind as WebhookVariant);
			const answer = await sandbox.sendWebhook(`${receiver.url}/${noKey ? 'no-key' : 'with-key'}/webhook`, {
				variant,
				payload: planned.payload,
				headers: { 'x-campaign-delivery': id },
			});
			const items = results.get(id)?.workflowData?.flat() ?? [];
			results.delete(id);
			const accepted = answer.status >= 200 && answer.status < 300 && items.length > 0;
			return { planned, status: answer.status, accepted, deliveryKey: items[0]?.json.deliveryKey as string | undefined };
		});
	} finally {
		await receiver.close();
		await sandbox.close();
	}

	// Redeliveries must share their original's key (a dedupe step drops them); distinct events must not share one.
	const firstKeyOf = new Map<string, string>();
	const firstOutcomeOf = new Map<string, Outcome>();
	const eventsByKey = new Map<string, Set<string>>();
	for (const outcome of outcomes) {
		if (!outcome.accepted || !outcome.deliveryKey) continue;
		if (!firstKeyOf.has(outcome.planned.identity)) {
			firstKeyOf.set(outcome.planned.identity, outcome.deliveryKey);
			firstOutcomeOf.set(outcome.planned.identity, outcome);
		}
		const events = eventsByKey.get(outcome.deliveryKey) ?? new Set<string>();
		events.add(outcome.planned.identity);
		eventsByKey.set(outcome.deliveryKey, events);
	}
	/** A repeat that a dedupe on deliveryKey would let through, or an event it would drop as someone else's repeat. */
	const violation = (outcome: Outcome): { duplicate: boolean; merged: boolean } => {
		if (!outcome.accepted) return { duplicate: false, merged: false };
		const first = firstKeyOf.get(outcome.planned.identity);
		const isFirst = firstOutcomeOf.get(outcome.planned.identity) === outcome;
		return {
			duplicate: !isFirst && outcome.deliveryKey !== first,
			merged: isFirst && (eventsByKey.get(outcome.deliveryKey ?? '')?.size ?? 0) > 1,
		};
	};
	let duplicateRuns = 0;
	let mergedEvents = 0;

	const rows: (string | number)[][] = [];
	const totals = { sent: 0, accepted: 0, refused: 0, wronglyAccepted: 0, wronglyRejected: 0 };
	const kinds: DeliveryKind[] = [...GOOD_KINDS, ...BAD_KINDS];
	for (const kind of kinds) {
		const group = outcomes.filter((outcome) => outcome.planned.kind === kind);
		if (!group.length) continue;
		const good = GOOD_KINDS.includes(kind as GoodKind);
		const accepted = group.filter((outcome) => outcome.accepted).length;
		const refused = group.filter((outcome) => outcome.status === 401 || outcome.status === 400).length;
		const wronglyAccepted = good ? 0 : accepted;
		const wronglyRejected = good ? group.length - accepted : 0;
		const flags = group.map(violation);
		const duplicates = flags.filter((flag) => flag.duplicate).length;
		const merged = flags.filter((flag) => flag.merged).length;
		duplicateRuns += duplicates;
		mergedEvents += merged;
		rows.push([good ? kind : BAD_LABELS[kind as BadKind], group.length, accepted, refused, wronglyAccepted, wronglyRejected, duplicates + merged]);
		totals.sent += group.length;
		totals.accepted += accepted;
		totals.refused += refused;
		totals.wronglyAccepted += wronglyAccepted;
		totals.wronglyRejected += wronglyRejected;
	}
	rows.push(['**all deliveries**', totals.sent, totals.accepted, totals.refused, totals.wronglyAccepted, totals.wronglyRejected, duplicateRuns + mergedEvents]);

	const distinctEvents = firstKeyOf.size;
	return {
		table: {
			title: `3. Webhooks: ${options.deliveries.toLocaleString('en-US')} deliveries to the Nexpay Trigger`,
			columns: ['delivery', 'sent', 'accepted', 'refused (401/400)', 'wrongly accepted', 'wrongly rejected', 'duplicate runs'],
			rows,
			notes: [
				`Accepted: HTTP 200 and one item out of the trigger. ${distinctEvents} distinct events were accepted; "duplicate runs" counts, after a Remove Duplicates step on \`deliveryKey\` (as the README advises), an event that would run twice (a redelivery with a key other than its original's: ${duplicateRuns}) or an event dropped because another event has its key (${mergedEvents}). Deliveries travel over HTTP from the sandbox, which signs or forges them, to the trigger running in n8n-core's WebhookContext.`,
			],
		},
		wronglyAccepted: totals.wronglyAccepted,
		wronglyRejected: totals.wronglyRejected,
		duplicateRuns,
		mergedEvents,
		deliveries: totals.sent,
		kindsSent: kinds.filter((kind) => outcomes.some((outcome) => outcome.planned.kind === kind)),
	};
}
