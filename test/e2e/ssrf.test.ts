// n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED, off by default in 2.41) with the Nexpay node: a
// custom Base URL on a private address (the sandbox on 127.0.0.1) is refused before anything is sent,
// with a message that names the settings that allow it; allowed that way, the same workflow runs.
// Production hosts cannot be called from here (only 127.0.0.1 is reachable), so the last test asks the
// installed n8n's own SSRF service about them, with the default protection on.
import { join } from 'node:path';

import { EUROWALLET_PRODUCTION_URL, EUROWALLET_SANDBOX_URL, V2_PRODUCTION_URL } from '../../nodes/Nexpay/helpers/constants';
import { describeE2e, E2e, expectSuccessfulRun, nodeOutput } from './harness';

const SSRF_ON = { N8N_SSRF_PROTECTION_ENABLED: 'true' };
const RUNTIME_MODULES = join(__dirname, '..', '..', '.n8n-runtime', 'n8n', 'node_modules');

describeE2e('Nexpay node under n8n SSRF protection', () => {
	let e2e: E2e;
	let workflowId: string;

	beforeAll(async () => {
		e2e = await E2e.create();
		[workflowId] = await e2e.importWorkflows(['nexpay-node-accounts.json']);
	});

	afterAll(async () => {
		await e2e?.close();
	});

	it('refuses the sandbox on 127.0.0.1 with a message that says how to allow it, and sends nothing', async () => {
		const run = await e2e.n8n.execute(workflowId, { env: SSRF_ON });
		const output = `${run.stdout}\n${run.stderr}`;

		expect(run.code).not.toBe(0);
		expect(output).toContain("n8n's SSRF protection blocked the request to 127.0.0.1: a private or local address");
		const runData = JSON.stringify(run.json ?? '');
		expect(runData).toContain('N8N_SSRF_PROTECTION_ENABLED=true');
		expect(runData).toContain('adds 127.0.0.1/32 to N8N_SSRF_ALLOWED_IP_RANGES');
		expect(runData).toContain('Nothing was sent to Nexpay');
		expect(e2e.sandbox.requests()).toEqual([]);
	});

	it('runs once the address is allowed as the message says', async () => {
		const run = await e2e.n8n.execute(workflowId, { env: { ...SSRF_ON, N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' } });

		expectSuccessfulRun(run);
		expect(nodeOutput(run.json, 'Nexpay').map((account) => account.iban)).toEqual(e2e.sandbox.accounts().map((account) => account.iban));
		expect(e2e.sandbox.requests().map((request) => request.status)).toEqual([200]);
	});

	it('lets the production hosts through n8n’s default SSRF rules (asked of the installed n8n’s own service)', async () => {
		/* eslint-disable @typescript-eslint/no-require-imports */
		const { SsrfProtectionService } = require(join(RUNTIME_MODULES, '@n8n', 'backend-network')) as {
			SsrfProtectionService: new (config: unknown, dns: unknown, logger: unknown) => { validateUrl(url: string): Promise<{ ok: boolean; error?: Error }> };
		};
		const { SsrfProtectionConfig } = require(join(RUNTIME_MODULES, '@n8n', 'config')) as { SsrfProtectionConfig: new () => Record<string, unknown> };
		/* eslint-enable @typescript-eslint/no-require-imports */
		const config = Object.assign(new SsrfProtectionConfig(), { enabled: true });
		const logger = { scoped: () => logger, warn: () => undefined, debug: () => undefined, error: () => undefined, info: () => undefined };
		// No DNS here: the hosts resolve to a public address, as they do on the internet.
		const dns = { lookup: async () => [{ address: '93.184.215.14', family: 4 }] };
		const ssrf = new SsrfProtectionService(config, dns, logger);

		for (const url of [V2_PRODUCTION_URL, EUROWALLET_PRODUCTION_URL, EUROWALLET_SANDBOX_URL]) {
			expect({ url, ok: (await ssrf.validateUrl(url)).ok }).toEqual({ url, ok: true });
		}
		const local = await ssrf.validateUrl(e2e.sandbox.url);
		expect(local.ok).toBe(false);
		expect(local.error?.name).toBe('SsrfBlockedIpError');
	});
});
