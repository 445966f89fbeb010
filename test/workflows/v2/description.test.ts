// The node's description as n8n (and an AI agent using the node as a tool) reads it.
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { Nexpay } from '../../../nodes/Nexpay/Nexpay.node';
import { RESOURCES } from '../../../nodes/Nexpay/actions/resources';
import { V2_RESOURCES } from '../../../nodes/Nexpay/actions/types';

const { properties } = new Nexpay().description;

/** Every property, nested collection options included, with the path it sits at. */
function allProperties(list: INodeProperties[], path = ''): Array<{ path: string; property: INodeProperties }> {
	return list.flatMap((property) => {
		const here = [{ path: path + property.name, property }];
		const nested = (property.options ?? []).flatMap((option) => {
			if ('values' in option) return allProperties(option.values, `${path}${property.name}.${option.name}.`);
			if ('type' in option) return allProperties([option as INodeProperties], `${path}${property.name}.`);
			return [];
		});
		return [...here, ...nested];
	});
}

describe('Nexpay node description (v2 resources)', () => {
	it('lists the five v2 resources first, Payment Link first and as the default', () => {
		const resource = properties.find((property) => property.name === 'resource')!;
		const values = (resource.options as INodePropertyOptions[]).map((option) => option.value);

		expect(values.slice(0, 5)).toEqual(['paymentLink', 'paymentIntent', 'payment', 'conversation', 'document']);
		expect(values).toEqual(expect.arrayContaining(['euroWalletAccount', 'euroWalletPayment']));
		expect(resource.default).toBe('paymentLink');
		for (const name of V2_RESOURCES) expect(RESOURCES[name]).toBeDefined();
	});

	it.each([...V2_RESOURCES])('%s: every operation has a name, value, description and action, and runs an execute function', (resource) => {
		const operation = properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource))!;
		const options = operation.options as INodePropertyOptions[];

		expect(operation.noDataExpression).toBe(true);
		for (const option of options) {
			expect(option).toEqual(expect.objectContaining({ name: expect.any(String), value: expect.any(String), description: expect.any(String), action: expect.any(String) }));
			expect(RESOURCES[resource]!.operations[option.value as string]).toBeInstanceOf(Function);
		}
		expect(Object.keys(RESOURCES[resource]!.operations).sort()).toEqual(options.map((option) => option.value).sort());
	});

	it('gives no top-level parameter name two types (n8n keys parameters by name)', () => {
		const types = new Map<string, Set<string>>();
		for (const property of properties) (types.get(property.name) ?? types.set(property.name, new Set()).get(property.name)!).add(property.type);

		const clashes = [...types].filter(([, set]) => set.size > 1).map(([name, set]) => `${name}: ${[...set].join(', ')}`);
		expect(clashes).toEqual([]);
	});

	it('describes every v2 field with a Title Case display name and a default', () => {
		const v2 = properties.filter((property) => (property.displayOptions?.show?.resource ?? []).some((name) => (V2_RESOURCES as readonly string[]).includes(String(name))));
		const problems = allProperties(v2)
			.filter(({ property }) => property.type !== 'notice')
			.filter(({ property }) => property.default === undefined || !/^[A-Z0-9"]/.test(property.displayName))
			.map(({ path }) => path);

		expect(problems).toEqual([]);
	});
});
