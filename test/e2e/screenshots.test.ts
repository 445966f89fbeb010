// n8n's editor renders our nodes and credentials: headless Chromium (Debian's `chromium`, driven by
// playwright-core) logs in as the owner of a real `n8n start` with the examples imported as `npm start`
// imports them, opens the Nexpay node's parameter panel, the Nexpay Trigger's panel with its Production
// URL, and the Nexpay EuroWallet API credential dialog, and checks what each shows.
//
// The PNGs go to docs/ only with UPDATE_SCREENSHOTS=1 (`UPDATE_SCREENSHOTS=1 npm run test:e2e -- screenshots`);
// otherwise the test only checks, so CI stays read-only. With UPDATE_SCREENSHOTS=1, n8n and the sandbox take
// their usual ports (5678, 4010) when free, so the pictures show the URLs a user sees after `npm start`.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { isPortFree, LOCAL_OWNER, ROOT } from '../../scripts/n8n/lib';
import { CREDENTIAL_IDS, describeE2e, E2e } from './harness';

const CHROMIUM = process.env.NEXPAY_CHROMIUM || '/usr/bin/chromium';
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
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

	beforeAll(async () => {
		if (!existsSync(CHROMIUM)) {
			throw new Error(
				`${CHROMIUM} is missing: the screenshot test drives n8n's editor with Debian's Chromium. Install it with ` +
					'`apt-get update && apt-get install -y chromium` (or set NEXPAY_CHROMIUM to another Chromium binary).',
			);
		}
		const sandboxPort = UPDATE && (await isPortFree(4010)) ? 4010 : 0;
		e2e = await E2e.create({ sandboxPort });
		if (UPDATE && (await isPortFree(5678))) e2e.n8n.port = 5678;
		const trigger = e2e.loadWorkflow(ALERTS).nodes!.find((n) => n.type === 'n8n-nodes-nexpay.nexpayTrigger')!;
		webhookPath = `${String(trigger.webhookId)}/webhook`;
		// As `npm start` does: every example imported, those marked active published, shipped unchanged.
		await e2e.importWorkflows(imported);
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
	});

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
