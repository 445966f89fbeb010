import type { Sandbox } from '../../sandbox';
import { euroWalletSandbox, runNexpay } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await euroWalletSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

describe('EuroWallet Account', () => {
	it('lists every account as its own item', async () => {
		const { items, error } = await runNexpay(sandbox, { parameters: { resource: 'euroWalletAccount', operation: 'getMany', allAccounts: true } });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.iban)).toEqual(['LT633080010000000208', 'LT293080010000000238', 'LT023080010000000239']);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(sandbox.requests()[0].query).toBe('allAccounts=true');
	});

	it('filters accounts by status', async () => {
		const { items } = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletAccount', operation: 'getMany', allAccounts: true, statusFilter: 'CLOSED' },
		});
		expect(items.map((item) => item.json.iban)).toEqual(['LT293080010000000238']);
	});

	it('reads only the default account when asked', async () => {
		const { items } = await runNexpay(sandbox, { parameters: { resource: 'euroWalletAccount', operation: 'getMany', allAccounts: false } });
		expect(items).toHaveLength(1);
		expect(sandbox.requests()[0].query).toBe('');
	});

	it('creates an IBAN with a name that needs encoding', async () => {
		const { items, error } = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletAccount', operation: 'createIban', tagName: 'Café & Co #1' },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'ACTIVE', balance: '0.00', tagName: 'Café & Co #1' });
		expect(String(items[0].json.iban)).toMatch(/^LT\d{18}$/);
	});

	it('explains the seven-IBAN limit', async () => {
		const input = Array.from({ length: 5 }, () => ({}));
		const { items, error } = await runNexpay(sandbox, {
			parameters: { resource: 'euroWalletAccount', operation: 'createIban' },
			input,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.slice(0, 4).every((item) => typeof item.json.iban === 'string')).toBe(true);
		expect(items[4].json).toMatchObject({ code: '30000' });
		expect(String(items[4].json.error)).toContain('account limit is reached');
		expect(String(items[4].json.description)).toContain('at most 7 IBANs');
	});

	it('reads the deposit details', async () => {
		const { items } = await runNexpay(sandbox, { parameters: { resource: 'euroWalletAccount', operation: 'getDepositDetails' } });
		expect(items[0].json).toMatchObject({ bankName: expect.any(String), accounts: expect.arrayContaining(['LT023080010000000239']) });
	});
});
