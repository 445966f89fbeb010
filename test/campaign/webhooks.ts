// Part 3: signed webhooks. Deliveries travel over HTTP from the sandbox (which signs them, or
// forges them) to a receiver that hands the exact bytes to the Nexpay Trigger through n8n-core's
// WebhookContext, as n8n's webhook server would.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NexpayWebhookApi } from '../../credentials/NexpayWebhookApi.credentials';
import { NexpayWebhookTrigger } from '../../nodes/Nexpay/NexpayWebhookTrigger.node';
import { runWebhook, type RunWebhookResult } from '../rig';
import { startSandbox, type WebhookVariant } from '../sandbox';
import { CAMPAIGN_KEYS, mapLimit, prng, type Evidence, type PartTable } from './common';

type GoodKind = 'valid new event' | 'status update of a known payment' | 'redelivery' | 'new event delivered twice at once';
type BadKind = Exclude<WebhookVariant, 'valid'> | 'no key configured';
type DeliveryKind = GoodKind | BadKind;

const GOOD_KINDS: GoodKind[] = ['valid new event', 'status update of a known payment', 'redelivery', 'new event delivered twice at once'];
const PAIR: GoodKind = 'new event delivered twice at once';
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
	/** The trigger started a run (HTTP 2xx and an item). */
	ran: boolean;
	/** HTTP 2xx without a run: acknowledged and dropped (a filter, or the trigger's own redelivery memory). */
	acknowledgedOnly: boolean;
	deliveryKey?: string;
}

let planCounter = 0;

/** The mix: 60 % genuine (new events, status updates, redeliveries), 40 % spread over every bad variant. */
export function planDeliveries(count: number, seed: number): Planned[] {
	const random = prng(seed);
	const events: IDataObject[] = [];
	const identities = new Set<string>();
	const plan: Planned[] = [];
	// Payment IDs unique to this plan: the trigger may remember deliveries for the life of the process.
	const run = `${Date.now().toString(36)}${(planCounter++).toString(36)}`;
	let nextPaymentId = 5000;
	const newEvent = (paymentId: number, status: string): IDataObject => ({
		paymentId: `${run}-${paymentId}`,
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
			// The same payment reaching another status is another event (a status it has not reported yet).
			const known = events[Math.floor(random() * events.length)];
			const status = ['COMPLETED', 'REJECTED', 'PENDING'].find((candidate) => !identities.has(`${String(known.paymentId)}|${candidate}`));
			const payload = status ? { ...known, status } : newEvent(nextPaymentId++, 'COMPLETED');
			events.push(payload);
			planned = { kind: status ? 'status update of a known payment' : 'valid new event', payload, identity: '' };
		} else if (roll < 0.57) {
			planned = { kind: 'redelivery', payload: events[Math.floor(random() * events.length)], identity: '' };
		} else if (roll < 0.6) {
			// Two identical deliveries at the same moment (a retry that crossed the first answer): one run at most.
			const payload = newEvent(nextPaymentId++, 'COMPLETED');
			events.push(payload);
			planned = { kind: PAIR, payload, identity: '' };
		} else {
			const kind = BAD_KINDS[Math.floor(random() * BAD_KINDS.length)];
			planned = { kind, payload: newEvent(nextPaymentId++, 'COMPLETED'), identity: '' };
		}
		planned.identity = `${String(planned.payload.paymentId)}|${String(planned.payload.status)}`;
		if (GOOD_KINDS.includes(planned.kind as GoodKind)) identities.add(planned.identity);
		plan.push(planned);
	}
	return plan;
}

interface Receiver {
	url: string;
	close(): Promise<void>;
}

/** n8n's webhook server in miniature: raw bytes in, the trigger's answer out; `/no-key` has an empty credential. */
async function startReceiver(pem: string, evidence: Evidence, results: Map<string, RunWebhookResult>, parameters: INodeParameters): Promise<Receiver> {
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
				nodeType: new NexpayWebhookTrigger(),
				credentialTypes: [new NexpayWebhookApi()],
				credentials: { nexpayWebhookApi: { pem: req.url?.startsWith('/no-key') ? '' : pem } },
				parameters,
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

export async function runWebhookCampaign(options: {
	deliveries: number;
	seed: number;
	evidence: Evidence;
	concurrency?: number;
	/** The trigger's parameters; its defaults when not given. */
	triggerParameters?: INodeParameters;
}): Promise<WebhookCampaignResult> {
	const sandbox = await startSandbox({ port: 0, seed: options.seed, keys: CAMPAIGN_KEYS });
	const results = new Map<string, RunWebhookResult>();
	const receiver = await startReceiver(sandbox.webhookPublicKeyPem, options.evidence, results, options.triggerParameters ?? {});
	const plan = planDeliveries(options.deliveries, options.seed);
	let outcomes: Outcome[];
	try {
		// Nexpay redelivers after the first delivery failed or went unanswered, so a redelivery is sent after its original has been answered.
		const answered = new Map<string, Promise<unknown>>();
		const send = async (planned: Planned, id: string): Promise<Outcome> => {
			const noKey = planned.kind === 'no key configured';
			const variant: WebhookVariant = GOOD_KINDS.includes(planned.kind as GoodKind) || noKey ? 'valid' : (planned.kind as WebhookVariant);
			const answer = await sandbox.sendWebhook(`${receiver.url}/${noKey ? 'no-key' : 'with-key'}/webhook`, {
				variant,
				payload: planned.payload,
				headers: { 'x-campaign-delivery': id },
			});
			const items = results.get(id)?.workflowData?.flat() ?? [];
			results.delete(id);
			const ok = answer.status >= 200 && answer.status < 300;
			return { planned, status: answer.status, ran: ok && items.length > 0, acknowledgedOnly: ok && items.length === 0, deliveryKey: items[0]?.json.deliveryKey as string | undefined };
		};
		const perDelivery = await mapLimit(plan, options.concurrency ?? 8, async (planned, index): Promise<Outcome[]> => {
			if (planned.kind === 'redelivery') await answered.get(planned.identity);
			let markAnswered: (value?: unknown) => void = () => undefined;
			if (!answered.has(planned.identity)) answered.set(planned.identity, new Promise((resolve) => (markAnswered = resolve)));
			try {
				if (planned.kind === PAIR) return await Promise.all([send(planned, `${index}a`), send(planned, `${index}b`)]);
				return [await send(planned, String(index))];
			} finally {
				markAnswered();
			}
		});
		outcomes = perDelivery.flat();
	} finally {
		await receiver.close();
		await sandbox.close();
	}

	// Runs of one event must share one key (a dedupe step on deliveryKey drops the repeats); distinct events must not share one.
	const keysOf = new Map<string, Set<string>>();
	const eventsByKey = new Map<string, Set<string>>();
	for (const outcome of outcomes) {
		if (!outcome.ran || !outcome.deliveryKey) continue;
		keysOf.set(outcome.planned.identity, (keysOf.get(outcome.planned.identity) ?? new Set<string>()).add(outcome.deliveryKey));
		eventsByKey.set(outcome.deliveryKey, (eventsByKey.get(outcome.deliveryKey) ?? new Set<string>()).add(outcome.planned.identity));
	}
	const seenKeys = new Map<string, Set<string>>();
	const seenRuns = new Set<string>();
	/** A run a dedupe on deliveryKey would not drop although its event already ran, or a first run whose key another event holds. */
	const duplicateRun = (outcome: Outcome): boolean => {
		if (!outcome.ran || !outcome.deliveryKey) return false;
		const identity = outcome.planned.identity;
		const keys = seenKeys.get(identity) ?? new Set<string>();
		seenKeys.set(identity, keys);
		const repeatWithNewKey = seenRuns.has(identity) && !keys.has(outcome.deliveryKey);
		const sharedKey = !seenRuns.has(identity) && (eventsByKey.get(outcome.deliveryKey)?.size ?? 0) > 1;
		keys.add(outcome.deliveryKey);
		seenRuns.add(identity);
		return repeatWithNewKey || sharedKey;
	};
	const flags = new Map(outcomes.map((outcome) => [outcome, duplicateRun(outcome)]));

	const rows: (string | number)[][] = [];
	const totals = { sent: 0, ran: 0, acknowledged: 0, refused: 0, wronglyAccepted: 0, wronglyRejected: 0, duplicateRuns: 0 };
	const kinds: DeliveryKind[] = [...GOOD_KINDS, ...BAD_KINDS];
	for (const kind of kinds) {
		const group = outcomes.filter((outcome) => outcome.planned.kind === kind);
		if (!group.length) continue;
		const good = GOOD_KINDS.includes(kind as GoodKind);
		const ran = group.filter((outcome) => outcome.ran).length;
		const acknowledged = group.filter((outcome) => outcome.acknowledgedOnly).length;
		const refused = group.filter((outcome) => outcome.status === 401 || outcome.status === 400).length;
		// A forged delivery must get no 2xx at all; a new event must run; a redelivery may run (same key) or be acknowledged.
		const wronglyAccepted = good ? 0 : ran + acknowledged;
		// A pair must run exactly once: a second run of a simultaneous pair is one that a Remove Duplicates step may not catch either.
		const pairs = kind === PAIR ? [...new Set(group.map((outcome) => outcome.planned.identity))] : [];
		const runsOf = (identity: string): number => group.filter((outcome) => outcome.planned.identity === identity && outcome.ran).length;
		const wronglyRejected = !good
			? 0
			: kind === 'redelivery'
				? group.length - ran - acknowledged
				: kind === PAIR
					? pairs.filter((identity) => runsOf(identity) === 0).length + group.filter((outcome) => !outcome.ran && !outcome.acknowledgedOnly).length
					: group.length - ran;
		const duplicates = group.filter((outcome) => flags.get(outcome)).length + pairs.filter((identity) => runsOf(identity) > 1).length;
		rows.push([good ? kind : BAD_LABELS[kind as BadKind], group.length, ran, acknowledged, refused, wronglyAccepted, wronglyRejected, duplicates]);
		totals.sent += group.length;
		totals.ran += ran;
		totals.acknowledged += acknowledged;
		totals.refused += refused;
		totals.wronglyAccepted += wronglyAccepted;
		totals.wronglyRejected += wronglyRejected;
		totals.duplicateRuns += duplicates;
	}
	rows.push(['**all deliveries**', totals.sent, totals.ran, totals.acknowledged, totals.refused, totals.wronglyAccepted, totals.wronglyRejected, totals.duplicateRuns]);
	const redeliveries = outcomes.filter((outcome) => outcome.planned.kind === 'redelivery');
	const pairOutcomes = outcomes.filter((outcome) => outcome.planned.kind === PAIR);
	const pairRuns = pairOutcomes.filter((outcome) => outcome.ran).length;
	const redeliveryRuns = redeliveries.filter((outcome) => outcome.ran).length;
	const redeliveryAcks = redeliveries.filter((outcome) => outcome.acknowledgedOnly).length;
	const mergedEvents = [...eventsByKey.values()].filter((events) => events.size > 1).length;

	return {
		table: {
			title: `3. Webhooks: ${options.deliveries.toLocaleString('en-US')} deliveries to the Nexpay Trigger`,
			columns: ['delivery', 'sent', 'run started', 'acknowledged, no run', 'refused (401/400)', 'wrongly accepted', 'wrongly rejected', 'duplicate runs'],
			rows,
			notes: [
				`Deliveries travel over HTTP from the sandbox, which signs or forges them, to the Nexpay Trigger (default parameters) in n8n-core's WebhookContext. Wrongly accepted: a forged or unverifiable delivery answered 2xx. Wrongly rejected: a new event that started no run, or a repeat that was refused instead of run or acknowledged. Of ${pairOutcomes.length / 2} events delivered twice at the same moment, ${pairRuns} runs started. Of ${redeliveries.length} redeliveries (sent after the original was answered), ${redeliveryRuns} started a run with their original's \`deliveryKey\` and ${redeliveryAcks} were acknowledged without a run (the trigger's own memory of recent deliveries). Duplicate runs: a run that a Remove Duplicates step on \`deliveryKey\` would not drop although its event already ran (a repeat under another key), or an event whose key another event also has (${mergedEvents}) — which such a step would drop wrongly. ${keysOf.size} distinct events ran.`,
			],
		},
		wronglyAccepted: totals.wronglyAccepted,
		wronglyRejected: totals.wronglyRejected,
		duplicateRuns: totals.duplicateRuns,
		mergedEvents,
		deliveries: totals.sent,
		kindsSent: kinds.filter((kind) => outcomes.some((outcome) => outcome.planned.kind === kind)),
	};
}
