import { basename } from 'node:path';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import packageJson from '../../package.json';
import { Nexpay } from '../../nodes/Nexpay/Nexpay.node';
import { NexpayEuroWalletTrigger } from '../../nodes/Nexpay/NexpayEuroWalletTrigger.node';
import { NexpayPaymentLinkTrigger } from '../../nodes/Nexpay/NexpayPaymentLinkTrigger.node';
import { NexpayTrigger } from '../../nodes/Nexpay/NexpayTrigger.node';
import { NexpayWebhookTrigger } from '../../nodes/Nexpay/NexpayWebhookTrigger.node';
import { SHARE_UNIT_HINT } from '../../nodes/Nexpay/actions/paymentIntent/shared';

// What a new user sees in the editor's panels, read from the node description n8n loads.
const properties = new Nexpay().description.properties;

function shownFor(resource: string, operation: string, extra: Record<string, string> = {}): INodeProperties[] {
	const values: Record<string, string> = { resource, operation, ...extra };
	return properties.filter((property) => {
		const show = property.displayOptions?.show ?? {};
		return Object.entries(show).every(([key, allowed]) => key.startsWith('/') || !(key in values) || (allowed as unknown[]).includes(values[key]));
	});
}

const SPLIT = 'education_provider_tuition_with_tenant_split';

describe('Payment Link → Create in the editor', () => {
	it('lists the recipient fields in the order a person fills them, with no 0 payee ID', () => {
		const recipients = properties.find((property) => property.name === 'linkRecipients')!;
		const row = (recipients.options as Array<{ values: INodeProperties[] }>)[0].values;
		expect(row.map((field) => field.displayName)).toEqual(['Connector Payee ID', 'Role', 'Amount', 'Share', 'Currency', 'Order', 'Split Role']);
		const payee = row.find((field) => field.name === 'connectorPayeeId')!;
		expect(payee.default).toBe('');
		expect(payee.required).toBe(true);
	});

	it('shows "Shares Entered In" before the recipients and its percent/basis-points hint once', () => {
		const split = shownFor('paymentLink', 'create', { linkScenario: SPLIT });
		const names = split.map((property) => property.name);
		expect(names.indexOf('linkShareUnit')).toBeGreaterThanOrEqual(0);
		expect(names.indexOf('linkShareUnit')).toBeLessThan(names.indexOf('linkRecipients'));
		const hints = JSON.stringify(split).split(JSON.stringify(SHARE_UNIT_HINT).slice(1, -1)).length - 1;
		expect(hints).toBe(1);
	});

	it('shows the display-currency hint only for split links', () => {
		const displayCurrency = (scenario: string) =>
			shownFor('paymentLink', 'create', { linkScenario: scenario }).filter((property) => property.name === 'linkDisplayCurrency');
		const split = displayCurrency(SPLIT);
		const fixed = displayCurrency('education_provider_tuition');
		expect(split).toHaveLength(1);
		expect(fixed).toHaveLength(1);
		expect(split[0].hint).toMatch(/split link/);
		expect(fixed[0].hint).toBeUndefined();
	});
});

describe('labels', () => {
	it('spells out seconds', () => {
		const names = JSON.stringify(properties);
		expect(names).toContain('"Max Wait (Seconds)"');
		expect(names).toContain('"Poll Interval (Seconds)"');
		expect(names).not.toMatch(/\(S\)"/);
	});

	it('calls a currency list plain "Currency": a picker with From list and By Code', () => {
		const currencies = properties.filter((property) => property.name === 'currency');
		expect(currencies.length).toBeGreaterThanOrEqual(2);
		for (const currency of currencies) {
			expect(currency.displayName).toBe('Currency');
			expect(currency.type).toBe('resourceLocator');
			expect(currency.modes?.map((mode) => mode.displayName)).toEqual(['From List', 'By Code']);
		}
		expect(JSON.stringify(properties)).not.toContain('Currency Name or ID');
	});
});

describe('the nodes panel', () => {
	// The classes n8n loads: package.json's n8n.nodes, each file exporting the class named like it.
	const classes: Record<string, new () => INodeType> = { Nexpay, NexpayWebhookTrigger, NexpayTrigger, NexpayPaymentLinkTrigger, NexpayEuroWalletTrigger };
	const descriptions = packageJson.n8n.nodes.map((file) => new classes[basename(file, '.node.js')]().description);

	it('gives every node its own entry: no visible trigger is named after an action node plus "Trigger"', () => {
		// n8n's editor (generateMergedNodesAndActions, over its visible node types) merges a trigger whose
		// name minus "Trigger" is an action node's name into that node's entry, with the trigger's description.
		const visible = descriptions.filter((description) => !description.hidden);
		const actionNames = visible.filter((description) => !description.group.includes('trigger')).map((description) => description.name);
		const merged = visible.filter((description) => description.group.includes('trigger') && actionNames.includes(description.name.replace('Trigger', '')));

		expect(actionNames).toEqual(['nexpay']);
		expect(merged.map((description) => description.name)).toEqual([]);
	});

	it('still loads the webhook trigger under its old name nexpayTrigger, hidden', () => {
		expect(descriptions.map((description) => [description.name, description.hidden === true])).toEqual([
			['nexpay', false],
			['nexpayWebhookTrigger', false],
			['nexpayTrigger', true],
			['nexpayPaymentLinkTrigger', false],
			['nexpayEuroWalletTrigger', false],
		]);
	});
});
