// The reliability campaign's short version: every part at a small size, asserting its targets.
// The full campaign is `npm run bench:faults` (test/campaign/run.ts); its tables are in the README.
import { runBadInputCampaign, BASES } from './bad-input';
import { runCancelCampaign } from './cancel';
import { CAMPAIGN_KEYS, Evidence, EVIDENCE_KINDS, formatTable, secretsTable } from './common';
import { runEuroWalletCampaign } from './eurowallet';
import { faultMix, faultVariants } from './fault-mix';
import { runV2Campaign } from './v2';
import { runWebhookCampaign } from './webhooks';

const evidence = Evidence.forKeys(CAMPAIGN_KEYS);
let stopCapture: () => void;
beforeAll(() => {
	stopCapture = evidence.captureLogs();
});
afterAll(() => stopCapture());

/** The table as the full campaign prints it, for whoever reads the test log. */
const show = (table: Parameters<typeof formatTable>[0]): void => {
	process.stdout.write(`${formatTable(table)}\n\n`);
};

describe('the fault mix', () => {
	it('covers every fault kind of the sandbox and every body format, about 30 % in all', () => {
		const variants = faultVariants();
		expect(new Set(variants.map((variant) => variant.kind))).toEqual(
			new Set(['status-before-commit', 'status-after-commit', 'reset-before-commit', 'reset-after-commit', 'delay-before-commit', 'delay-after-commit', 'retry-after']),
		);
		expect(variants.filter((variant) => variant.bodyFormat).map((variant) => `${variant.status} ${variant.kind} ${variant.bodyFormat}`)).toHaveLength(18);
		const [spec] = faultMix(['POST /x']);
		expect(1 - (1 - (spec.probability ?? 0)) ** variants.length).toBeCloseTo(0.3, 10);
	});
});

describe('part 1: EuroWallet creates from two OS processes on one key', () => {
	it('books every payment once, loses none and explains every error', async () => {
		const result = await runEuroWalletCampaign({ perProcess: 25, seed: 11, evidence });
		show(result.table);
		expect(result.total.items).toBe(50);
		expect(result.total.duplicated).toBe(0);
		expect(result.total.lost).toBe(0);
		expect(result.total.unexplained).toBe(0);
		expect(result.total.booked + result.total.clearErrors + result.total.bookedWithOutcomeUnknown).toBe(50);
		// The faults really happened.
		expect(result.faulted).toBeGreaterThan(5);
	}, 120000);
});

describe('part 2: v2 submits and payment-link publishes', () => {
	it('submits each intent once under one key, and never publishes two links for one item', async () => {
		const result = await runV2Campaign({ submits: 30, links: 30, seed: 12, evidence, executions: 3 });
		show(result.table);
		expect(result.submit).toMatchObject({ items: 30, duplicated: 0, lost: 0, keysPerIntentAboveOne: 0 });
		expect(result.submit.once + result.submit.clearErrors).toBe(30);
		expect(result.links).toMatchObject({ items: 30, duplicated: 0, lost: 0 });
		expect(result.links.once + result.links.clearErrors).toBe(30);
		expect(result.submit.faulted + result.links.faulted).toBeGreaterThan(5);
	}, 120000);
});

describe('part 3: webhooks', () => {
	it('accepts every genuine delivery, refuses every forged one, and never runs one event twice', async () => {
		const result = await runWebhookCampaign({ deliveries: 600, seed: 13, evidence });
		show(result.table);
		expect(result.kindsSent).toHaveLength(14);
		expect(result.wronglyAccepted).toBe(0);
		expect(result.wronglyRejected).toBe(0);
		expect(result.duplicateRuns).toBe(0);
		expect(result.mergedEvents).toBe(0);
	}, 60000);

	it('would count the second run of two simultaneous deliveries (the trigger’s memory switched off)', async () => {
		const result = await runWebhookCampaign({ deliveries: 300, seed: 14, evidence, triggerParameters: { ignoreRedeliveries: false } });
		const pairs = result.table.rows.find((row) => row[0] === 'new event delivered twice at once');
		expect(pairs?.[2]).toBe(pairs?.[1]);
		expect(result.duplicateRuns).toBe(Number(pairs?.[1]) / 2);
		expect(result.wronglyAccepted).toBe(0);
	}, 60000);
});

describe('part 4: bad input', () => {
	it('refuses every invalid value before sending, naming the field and the item', async () => {
		const bases = BASES.filter(
			(base) =>
				(base.resource === 'euroWalletPayment' && base.operation === 'create' && base.label === 'SWIFT') ||
				(base.resource === 'paymentLink' && base.operation === 'create' && base.label === 'split in percent') ||
				(base.resource === 'conversation' && base.operation === 'downloadAttachment'),
		);
		// The first two bad values of each field (the empty one first when it is required); the full campaign has them all.
		const result = await runBadInputCampaign({ evidence, bases, perField: 2 });
		show(result.table);
		expect(result.baselineFailures).toEqual([]);
		expect(result.cases).toBeGreaterThan(25);
		const data = result.outcomes.filter((outcome) => !outcome.setting && !outcome.choice);
		expect(data.filter((outcome) => outcome.reached > 0)).toEqual([]);
		expect(data.filter((outcome) => !outcome.namesFieldAndItem)).toEqual([]);
		// Settings and closed choice lists set by an expression: refused before sending, naming the field and the item
		// (or refused by n8n itself, whose workflow check asks for every branch's required fields).
		const guarded = result.outcomes.filter((outcome) => (outcome.setting || outcome.choice) && !outcome.openVocabulary);
		expect(guarded.length).toBeGreaterThan(5);
		expect(guarded.filter((outcome) => outcome.reached > 0)).toEqual([]);
		expect(guarded.filter((outcome) => !outcome.namesFieldAndItem && !outcome.message.startsWith("The 'Nexpay' node has issues"))).toEqual([]);
	}, 120000);
});

describe('part 6: cancellation', () => {
	it('stops during a Retry-After wait, a backoff and Wait for Final Status, sends nothing more, and says what happened', async () => {
		const result = await runCancelCampaign({ repeats: 1, evidence });
		show(result.table);
		for (const measurement of result.measurements) {
			expect(measurement.statuses).toEqual(['canceled']);
			expect(measurement.requestsAfterStop).toBe(0);
			expect(measurement.ms.every(Number.isFinite)).toBe(true);
		}
		const [retryAfter, backoff, waitForStatus, submit] = result.measurements.map((measurement) => measurement.report);
		expect(retryAfter).toContain('Nothing was booked for this item');
		expect(backoff).toContain('Payment outcome unknown');
		expect(backoff).toContain('CMP-STOP-1');
		expect(waitForStatus).toContain('The payment was created');
		expect(submit).toContain('nothing was processed');
	}, 120000);
});

describe('part 5: secrets', () => {
	it('finds a secret in any of its forms when one is there', () => {
		const probe = Evidence.forKeys(CAMPAIGN_KEYS);
		probe.scan('errors', 'probe', `request failed: ${encodeURIComponent(CAMPAIGN_KEYS.euroWalletSecretKey)}`);
		probe.scan('log lines', 'probe', `body apiKey=${new URLSearchParams({ k: CAMPAIGN_KEYS.v2ApiKey }).toString().slice(2)}`);
		probe.scan('output items', 'probe', { nested: { value: CAMPAIGN_KEYS.euroWalletTransactionSecret } });
		expect(probe.hits.map((hit) => `${hit.kind}: ${hit.needle.credential} / ${hit.needle.field} (${hit.needle.form})`)).toEqual([
			'errors: Nexpay EuroWallet API / Secret Key (encodeURIComponent)',
			'log lines: Nexpay API / API Key (form-encoded)',
			'output items: Nexpay EuroWallet API / Transaction Signing Secret (plain)',
		]);
	});

	it('finds no secret in any output item, error, run-data entry or log line of the parts above', () => {
		show(secretsTable(evidence));
		expect(evidence.secretNames).toHaveLength(4);
		for (const kind of EVIDENCE_KINDS) expect(evidence.entries[kind]).toBeGreaterThan(0);
		expect(evidence.hits).toEqual([]);
	});
});
