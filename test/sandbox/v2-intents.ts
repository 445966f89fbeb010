// Payment intents: create, list, get, requirements preview, dry-run and idempotent submit.
import { randomBytes } from 'node:crypto';
import { header, json, JSON_TYPE, nowIso, type Handler } from './http';
import type { SandboxState } from './state';
import type { PaymentIntent } from './types';
import { fail, failValidation, isObject, listAnswer, newId, readJson, type Json } from './v2-common';
import { displayCurrency, evaluateRule, fixedTotal, previewRequirements, profileOf, validateCreate } from './v2-intent-rules';

export function intentView(intent: PaymentIntent): PaymentIntent {
	return structuredClone(intent);
}

/** The list projection the docs call the "summary projection". */
function summaryView(intent: PaymentIntent): Json {
	return {
		id: intent.id,
		status: intent.status,
		useCase: intent.useCase,
		deliveryMode: intent.deliveryMode,
		amountMode: intent.amountMode,
		publicLinkId: intent.publicLinkId,
		createdFrom: intent.createdFrom,
		lastConnectorPaymentId: intent.lastConnectorPaymentId,
		lastPaymentLinkUrl: intent.lastPaymentLinkUrl,
		bulkProgress: intent.bulkProgress,
		lastExecutionConnector: intent.lastExecutionConnector,
		amount: intent.amount,
		currency: intent.currency,
		payer: intent.payer,
		createdAt: intent.createdAt,
		updatedAt: intent.updatedAt,
	};
}

function createIntent(state: SandboxState): Handler {
	return (ctx) => {
		const input = validateCreate(readJson(ctx));
		const now = nowIso();
		const intent: PaymentIntent = {
			id: newId('pi'),
			status: 'draft',
			...input,
			publicLinkId: input.deliveryMode === 'reusable_payment_link' ? `pl_${randomBytes(12).toString('base64url')}` : null,
			amount: fixedTotal(input),
			currency: displayCurrency(input),
			executions: [],
			createdAt: now,
			updatedAt: now,
		};
		state.intents.push(intent);
		return json(201, intentView(intent));
	};
}

function listIntents(state: SandboxState): Handler {
	return (ctx) => {
		const query = new URLSearchParams(ctx.rawQuery);
		const deliveryMode = query.get('filter[deliveryMode]');
		const parentId = query.get('filter[createdFrom.paymentIntentId]');
		const status = query.get('filter[status]');
		// Oldest first (creation order), so a poller can page forward without gaps.
		const matching = state.intents.filter(
			(i) =>
				(deliveryMode === null || i.deliveryMode === deliveryMode) &&
				(parentId === null || i.createdFrom?.paymentIntentId === parentId) &&
				(status === null || i.status === status),
		);
		return json(200, listAnswer(state.listPaging, 'paymentIntents', matching.map(summaryView), query));
	};
}

function findOr404(state: SandboxState, id: string): PaymentIntent {
	const intent = state.findIntent(id);
	if (!intent) fail(404, 'PAY0001', { paymentIntentId: id });
	return intent;
}

function getIntent(state: SandboxState): Handler {
	return (ctx) => json(200, intentView(findOr404(state, ctx.params.id)));
}

function dryRun(state: SandboxState): Handler {
	return (ctx) => {
		const intent = findOr404(state, ctx.params.id);
		const profile = profileOf(intent.deliveryMode);
		return json(200, {
			paymentIntentId: intent.id,
			status: intent.status,
			connector: profile.connector,
			rule: evaluateRule(intent),
			limits: { minRecipients: 1, maxRecipients: profile.maxRecipients },
			controls: { acceptedLimitations: profile.acceptedLimitations },
		});
	};
}

/** Key order independent, so a client that rebuilds the same body gets a replay. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (isObject(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

function submit(state: SandboxState): Handler {
	return (ctx) => {
		const intent = findOr404(state, ctx.params.id);
		const key = header(ctx, 'idempotency-key');
		if (!key) failValidation([{ field: 'Idempotency-Key', message: 'header is required for submit' }]);
		const fingerprint = `${ctx.path}\n${canonicalJson(readJson(ctx))}`;
		const seen = state.idempotency.get(key);
		if (seen) {
			if (seen.fingerprint !== fingerprint) {
				fail(422, 'GEN9002', { reason: 'Idempotency-Key was already used with a different request', idempotencyKey: key });
			}
			return { status: seen.status, headers: { 'content-type': JSON_TYPE, 'idempotent-replayed': 'true' }, body: seen.body };
		}
		if (intent.status !== 'draft') fail(409, 'PAY0003', { paymentIntentId: intent.id, status: intent.status, reason: 'already submitted' });
		const rule = evaluateRule(intent);
		if (rule.status !== 'enabled') fail(400, 'PAY0004', { rule });
		if (rule.missingRequirements.length) failValidation(rule.missingRequirements);

		const { connector } = profileOf(intent.deliveryMode);
		const isLink = intent.deliveryMode === 'reusable_payment_link';
		const paymentLinkUrl = isLink ? `${ctx.baseUrl}/pay/${intent.publicLinkId}` : undefined;
		const now = nowIso();
		intent.status = isLink ? 'active' : 'submitted';
		intent.executions.push({
			id: newId('ex'),
			connector,
			status: intent.status,
			...(paymentLinkUrl ? { paymentLinkUrl } : {}),
			idempotencyKey: key,
			createdAt: now,
		});
		intent.lastPaymentLinkUrl = paymentLinkUrl ?? null;
		intent.lastExecutionConnector = connector;
		intent.updatedAt = now;
		const response = json(200, intentView(intent));
		state.idempotency.set(key, { fingerprint, status: response.status, body: response.body as string });
		return response;
	};
}

export function intentRoutes(state: SandboxState): [string, string, Handler][] {
	return [
		['POST', '/v2/payment-intents/requirements', (ctx) => json(200, previewRequirements(readJson(ctx)))],
		['POST', '/v2/payment-intents', createIntent(state)],
		['GET', '/v2/payment-intents', listIntents(state)],
		['GET', '/v2/payment-intents/:id', getIntent(state)],
		['POST', '/v2/payment-intents/:id/dry-run', dryRun(state)],
		['POST', '/v2/payment-intents/:id/submit', submit(state)],
	];
}
