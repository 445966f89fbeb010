// n8n's editor renders our nodes and credentials: headless Chromium (Debian's `chromium`, driven by
// playwright-core) logs in as the owner of a real `n8n start` with the examples imported as `npm start`
// imports them, opens the Nexpay node's parameter panel, the Nexpay Trigger's panel with its Production
// URL, the nodes panel searched for "Nexpay", and the Nexpay EuroWallet API credential dialog, and checks
// what each shows.
//
// The PNGs go to docs/ only with UPDATE_SCREENSHOTS=1 (`UPDATE_SCREENSHOTS=1 npm run test:e2e -- screenshots`);
// otherwise the test only checks, so CI stays read-only. With UPDATE_SCREENSHOTS=1, n8n and the sandbox take
// their usual ports (5678, 4010) when free, so the pictures show the URLs a user sees after `npm start`.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { isPortFree, LOCAL_OWNER, ROOT } from '../../scripts/n8n/lib';
import { Nexpay } from '../../nodes/Nexpay/Nexpay.node';
import { NexpayEuroWalletTrigger } from '../../nodes/Nexpay/NexpayEuroWalletTrigger.node';
import { NexpayPaymentLinkTrigger } from '../../nodes/Nexpay/NexpayPaymentLinkTrigger.node';
import { NexpayWebhookTrigger } from '../../nodes/Nexpay/NexpayWebhookTrigger.node';
import { docsFixedLinkIntent } from '../workflows/fixtures';
import { CREDENTIAL_IDS, describeE2e, E2e, type WorkflowJson } from './harness';
import { agentWorkflow, OPENAI_CREDENTIAL } from './support/agent-workflow';
import { startOpenAiStub, type OpenAiStub } from './support/openai-stub';

const CHROMIUM = process.env.NEXPAY_CHROMIUM || '/usr/bin/chromium';
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
// NEXPAY_SCREENSHOT_RANDOM_PORTS=1 keeps 5678 and 4010 free (e.g. while `npm start` may run); the trigger's picture then shows another port.
const USUAL_PORTS = UPDATE && process.env.NEXPAY_SCREENSHOT_RANDOM_PORTS !== '1';
const DOCS = join(ROOT, 'docs');
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const ALERTS = 'examples/payment-alerts.json';

/** What the inputs (text fields, selects) inside `scope` hold: innerText has only the labels. */
const inputValues = (scope: Locator): Promise<string[]> =>
	scope.locator('input').evaluateAll((inputs) => inputs.map((input) => String((input as unknown as { value: string }).value)));
const published = ['examples/tuition-payments-received.json', ALERTS];
const imported = ['examples/invoice-to-payment.json', 'examples/tuition-payment-link.json'];

describeE2e("n8n's editor shows the Nexpay nodes and credentials (headless Chromium)", () => {
	let e2e: E2e;
	let context: BrowserContext;
	let page: Page;
	let profile: string;
	let baseUrl: string;
	let webhookPath: string;
	let model: OpenAiStub;

	beforeAll(async () => {
		if (!existsSync(CHROMIUM)) {
			throw new Error(
				`${CHROMIUM} is missing: the screenshot test drives n8n's editor with Debian's Chromium. Install it with ` +
					'`apt-get update && apt-get install -y chromium` (or set NEXPAY_CHROMIUM to another Chromium binary).',
			);
		}
		const sandboxPort = USUAL_PORTS && (await isPortFree(4010)) ? 4010 : 0;
		model = await startOpenAiStub([{ when: /status of EuroWallet payment (\S+)\?/, toolArguments: (match) => ({ paymentId: match[1] }) }]);
		e2e = await E2e.create({
			sandboxPort,
			extraCredentials: [{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-local-stub', url: model.baseUrl } }],
		});
		if (USUAL_PORTS && (await isPortFree(5678))) e2e.n8n.port = 5678;
		const trigger = e2e.loadWorkflow(ALERTS).nodes!.find((n) => n.type === 'n8n-nodes-nexpay.nexpayWebhookTrigger')!;
		webhookPath = `${String(trigger.webhookId)}/webhook`;
		// As `npm start` does: every example imported, those marked active published, shipped unchanged.
		await e2e.importWorkflows([...imported, pickerWorkflow(), ...(await agentRunWorkflow())]);
		({ baseUrl } = await e2e.publishAndStart(published, { webhookPaths: [webhookPath] }));

		profile = mkdtempSync(join(tmpdir(), 'nexpay-chromium-'));
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width: 1400, height: 1100 },
		});
		page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(30000);

		await page.goto(`${baseUrl}/signin`);
		await page.fill('#emailOrLdapLoginId', LOCAL_OWNER.email);
		await page.fill('#password', LOCAL_OWNER.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	});

	afterAll(async () => {
		await context?.close();
		if (profile) rmSync(profile, { recursive: true, force: true });
		await e2e?.close();
		await model?.close();
	});

	/** Manual Trigger → Nexpay with the pickers unset, as a new user adds them. */
	function pickerWorkflow(): WorkflowJson {
		const nexpay = (name: string, parameters: Record<string, unknown>, credential: 'nexpayApi' | 'nexpayEuroWalletApi', y: number) => ({
			parameters,
			id: `picker-${y}`,
			name,
			type: 'n8n-nodes-nexpay.nexpay',
			typeVersion: 1,
			position: [220, y],
			credentials: { [credential]: { id: CREDENTIAL_IDS[credential], name: e2e.credentials.find((c) => c.id === CREDENTIAL_IDS[credential])!.name } },
		});
		return {
			id: 'E2ePickerShots01',
			name: 'Pickers',
			nodes: [
				{ parameters: {}, id: 'picker-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
				nexpay('Pay a supplier', { resource: 'euroWalletPayment', operation: 'create', networkType: 'SEPA' }, 'nexpayEuroWalletApi', 0),
				nexpay('Submissions of a link', { resource: 'paymentLink', operation: 'getSubmissions' }, 'nexpayApi', 200),
			],
			connections: { Start: { main: [[{ node: 'Pay a supplier', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			active: false,
		};
	}

	/** The agent e2e's status question, with a payment in the sandbox to ask about. */
	async function agentRunWorkflow(): Promise<WorkflowJson[]> {
		const payment = e2e.sandbox.addIncomingPayment({ amount: '250.00', otherName: 'Tuition payer', details: 'Semester fee' });
		return [
			agentWorkflow(
				'E2eAgentShot0001',
				`What is the status of EuroWallet payment ${payment.paymentId}?`,
				{ resource: 'euroWalletPayment', operation: 'getStatus', lookupBy: 'paymentId', paymentId: "={{ $fromAI('paymentId', 'The EuroWallet payment ID', 'string') }}" },
				'nexpayEuroWalletApi',
			),
		];
	}

	/** Two published payment links, so the link picker has something to list. */
	async function publishLinks(): Promise<void> {
		for (const reference of ['INV-2026-001', 'INV-2026-002']) {
			const call = async (path: string, body?: unknown, headers: Record<string, string> = {}) => {
				const response = await fetch(`${e2e.sandbox.url}${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `ApiKey ${e2e.sandbox.keys.v2ApiKey}`, ...headers },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				if (!response.ok) throw new Error(`POST ${path} answered ${response.status}`);
				return (await response.json()) as { id?: string };
			};
			const intent = await call('/v2/payment-intents', docsFixedLinkIntent(reference));
			await call(`/v2/payment-intents/${intent.id}/dry-run`);
			await call(`/v2/payment-intents/${intent.id}/submit`, undefined, { 'idempotency-key': `shot-${reference}` });
		}
	}

	/** Saves the page as docs/<name> with UPDATE_SCREENSHOTS=1; always checks a real PNG came out. */
	async function screenshot(name: string): Promise<void> {
		await page.waitForTimeout(500); // let the panel's open animation finish
		const png = await page.screenshot({ type: 'png' });
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
		expect(png.length).toBeGreaterThan(20000);
		if (UPDATE) {
			mkdirSync(DOCS, { recursive: true });
			writeFileSync(join(DOCS, name), png);
		}
	}

	const canvasNode = (name: string) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

	async function openNode(workflowId: string, nodeName: string) {
		await page.goto(`${baseUrl}/workflow/${workflowId}`);
		await canvasNode(nodeName).waitFor();
		await canvasNode(nodeName).dblclick();
		const panel = page.locator('[data-test-id="ndv"]').first();
		await panel.waitFor();
		return panel;
	}

	it('the Nexpay node: Payment Link → Create of the tuition example, with its credential, scenario and recipients', async () => {
		const panel = await openNode('NexpayExTuition1', 'Create tuition link');
		await panel.locator('[data-test-id="parameter-input-linkRecipients"], [data-test-id="fixed-collection-linkRecipients"]').first().waitFor();

		// Labels are text; what the selects and inputs hold are input values.
		const text = await panel.innerText();
		const values = await inputValues(panel);
		for (const shown of ['Create tuition link', 'Credential for Nexpay API', 'Resource', 'Operation', 'Scenario', 'Recipients', 'Connector Payee ID', 'Share', 'Display Currency']) {
			expect(text).toContain(shown);
		}
		for (const value of ['Nexpay API (local sandbox)', 'Payment Link', 'Create', 'Provider + Tenant Split (Payer Enters Total)', '123', '70']) {
			expect(values).toContain(value);
		}
		await screenshot('nexpay-node.png');
	});

	it('the Nexpay Trigger: its Production URL and the notice on how to get Nexpay to send there', async () => {
		const panel = await openNode('NexpayExAlerts01', 'Nexpay Trigger');
		await panel.getByText('Webhook URLs', { exact: true }).click();
		await panel.locator('[data-test-id="radio-button-production"]').click();
		const url = `${baseUrl}/webhook/${webhookPath}`;
		await panel.getByText(url).waitFor();

		const text = await panel.innerText();
		expect(text).toContain('Production URL');
		expect(text).toContain('Nexpay registers webhooks by hand');
		expect(text).toContain('Payment Status');
		const values = await inputValues(panel);
		expect(values).toContain('Nexpay Webhook (local sandbox)');
		await screenshot('nexpay-trigger.png');
	});

	it('the nodes panel: searching "Nexpay" shows each node with its own description', async () => {
		await page.goto(`${baseUrl}/workflow/NexpayExTuition1`);
		await canvasNode('Create tuition link').waitFor();
		await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
		const search = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
		await search.fill('Nexpay');
		const entries = page.locator('[data-test-id="node-creator-node-item"], [data-test-id="node-creator-action-item"]');
		const descriptionOf = (description: string) => entries.filter({ has: page.locator('[data-test-id="node-creator-item-description"]', { hasText: description }) });
		const action = new Nexpay().description;
		const trigger = new NexpayWebhookTrigger().description;
		await descriptionOf(action.description).first().waitFor();

		const shown = await entries.evaluateAll((items) =>
			items.map((item) => ({
				name: item.querySelector('[data-test-id="node-creator-item-name"]')?.textContent?.trim() ?? '',
				description: item.querySelector('[data-test-id="node-creator-item-description"]')?.textContent?.trim() ?? '',
			})),
		);
		// One entry per node, each with its own description (the hidden legacy nexpayTrigger is not offered).
		expect(shown.filter((entry) => entry.description === action.description)).toEqual([{ name: 'Nexpay', description: action.description }]);
		expect(shown.filter((entry) => entry.description === trigger.description)).toHaveLength(1);
		for (const other of [new NexpayPaymentLinkTrigger().description, new NexpayEuroWalletTrigger().description]) {
			expect(shown.filter((entry) => entry.description === other.description)).toHaveLength(1);
		}
		expect(shown).toHaveLength(4);
		// Each under its own name: n8n shows a trigger with events without the word "Trigger".
		expect(shown.map((entry) => entry.name).sort()).toEqual(['Nexpay', 'Nexpay EuroWallet Trigger', 'Nexpay Payment Link Trigger', 'Nexpay Webhook']);
		await screenshot('nexpay-nodes-panel.png');

		// The entry with the action node's description is the action node: it opens the node's actions.
		await descriptionOf(action.description).first().click();
		await page.getByText('Create a payment link', { exact: true }).first().waitFor();
		await page.keyboard.press('Escape');
	});

	it('the EuroWallet account picker: From list, searchable, with IBAN, tag and balance', async () => {
		const panel = await openNode('E2ePickerShots01', 'Pay a supplier');
		const account = panel.locator('[data-test-id="parameter-input-account"], [data-test-id="resource-locator-account"]').first();
		await account.waitFor();
		await account.locator('[data-test-id="rlc-input"]').first().click();
		const items = page.locator('[data-test-id="rlc-item"]');
		await items.first().waitFor();
		const listed = await items.allInnerTexts();
		for (const { iban } of e2e.sandbox.accounts()) expect(listed.some((item) => item.includes(iban))).toBe(true);
		expect(listed.every((item) => / · -?[0-9.]+ EUR/.test(item))).toBe(true);
		await screenshot('nexpay-account-picker.png');
	});

	it('the payment link picker: From list (recent first, amount, status, use case), By ID or By URL', async () => {
		await publishLinks();
		const panel = await openNode('E2ePickerShots01', 'Submissions of a link');
		const link = panel.locator('[data-test-id="parameter-input-linkPaymentIntentId"], [data-test-id="resource-locator-linkPaymentIntentId"]').first();
		await link.waitFor();
		await link.locator('[data-test-id="rlc-input"]').first().click();
		const items = page.locator('[data-test-id="rlc-item"]');
		await items.first().waitFor();
		const listed = await items.allInnerTexts();
		expect(listed.length).toBeGreaterThanOrEqual(2);
		for (const item of listed) expect(item).toMatch(/^10000\.00 AUD · active · education provider tuition · pi_\S+$/);
		await screenshot('nexpay-link-picker.png');
	});

	it('an AI Agent run: the agent asked a payment’s status, called the Nexpay tool, and answered from it', async () => {
		const before = model.requests.length;
		await page.goto(`${baseUrl}/workflow/E2eAgentShot0001`);
		await canvasNode('AI Agent').waitFor();
		await page.locator('[data-test-id="execute-workflow-button"]').first().click();
		// The model is asked twice: for the tool call, then (with the tool's result) for the answer.
		for (let waited = 0; model.requests.length - before < 2 && waited < 240; waited++) await page.waitForTimeout(500);
		expect(model.requests.length - before).toBeGreaterThanOrEqual(2);
		await canvasNode('AI Agent').dblclick();
		const panel = page.locator('[data-test-id="ndv"]').first();
		await panel.waitFor();
		await panel.getByText(/Result from Nexpay/).first().waitFor({ timeout: 60000 });
		expect(await panel.innerText()).toContain('COMPLETED');
		await screenshot('nexpay-agent-run.png');
	});

	it('the Nexpay EuroWallet API credential dialog, with its fields and n8n’s connection test passing against the sandbox', async () => {
		await page.goto(`${baseUrl}/home/credentials/${CREDENTIAL_IDS.nexpayEuroWalletApi}`);
		const dialog = page.locator('[data-test-id="editCredential-modal"]').first();
		await dialog.waitFor();
		// Opening a saved credential makes the editor run its test: our HMAC-signed request, checked by the sandbox.
		await dialog.getByText('Connection tested successfully').waitFor();

		const text = await dialog.innerText();
		for (const shown of ['Nexpay EuroWallet API (local sandbox)', 'Environment', 'Base URL', 'API Key', 'Secret Key', 'Transaction Signing Secret']) {
			expect(text).toContain(shown);
		}
		const values = await inputValues(dialog);
		expect(values).toEqual(expect.arrayContaining(['Custom Base URL', e2e.sandbox.url]));
		for (const secret of [e2e.sandbox.keys.euroWalletSecretKey, e2e.sandbox.keys.euroWalletTransactionSecret]) expect(text).not.toContain(secret);
		expect(e2e.sandbox.requests().some((r) => r.path === '/api/1/eurowallet/status' && r.status === 200)).toBe(true);
		await screenshot('nexpay-eurowallet-credential.png');
	});
});
