import { NodeOperationError } from 'n8n-workflow';

import { runNode, runWorkflow } from '../rig';
import { DoubleNode, FailNode } from './fixtures/nodes';

const nodeTypes = [new DoubleNode(), new FailNode()];

describe('runWorkflow', () => {
	it('runs rig.input → a node and returns its items with pairedItem', async () => {
		const result = await runWorkflow({
			nodeTypes,
			nodes: [
				{ name: 'Input', type: 'rig.input', parameters: { items: JSON.stringify([{ n: 1 }, { n: 5 }]) } },
				{ name: 'Double', type: 'test.double' },
			],
		});

		expect(result.status).toBe('success');
		expect(result.executionOrder).toEqual(['Input', 'Double']);
		expect(result.output('Double')).toEqual([
			{ json: { n: 1, doubled: 2 }, pairedItem: { item: 0 } },
			{ json: { n: 5, doubled: 10 }, pairedItem: { item: 1 } },
		]);
	});

	it('takes connections as pairs and explains a node that never ran', async () => {
		const result = await runWorkflow({
			nodeTypes,
			nodes: [
				{ name: 'Input', type: 'rig.input', parameters: { items: '[{"n":2}]' } },
				{ name: 'A', type: 'test.double' },
				{ name: 'B', type: 'test.double' },
			],
			connections: [['Input', 'B']],
		});

		expect(result.output('B')[0].json).toEqual({ n: 2, doubled: 4 });
		expect(() => result.output('A')).toThrow(/Node "A" did not run/);
	});
});

describe('runNode', () => {
	it('feeds input and returns items, leaving "=" strings unevaluated', async () => {
		const { items, error } = await runNode({
			nodeTypes,
			node: { type: 'test.double' },
			input: [{ n: 3, note: '={{ 1 + 1 }}' }],
		});

		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { n: 3, note: '={{ 1 + 1 }}', doubled: 6 }, pairedItem: { item: 0 } }]);
	});

	it('captures the NodeOperationError a node throws, with its itemIndex', async () => {
		const { error, items, result } = await runNode({
			nodeTypes,
			node: { type: 'test.fail', parameters: { failOn: 7 } },
			input: [{ n: 1 }, { n: 7 }],
		});

		expect(result.status).toBe('error');
		expect(items).toEqual([]);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).toMatchObject({
			message: 'Item 1 is bad',
			description: 'The amount must be positive',
			context: { itemIndex: 1 },
		});
	});

	it('with continueOnFail yields an error item and keeps going', async () => {
		const { error, items, result } = await runNode({
			nodeTypes,
			node: { type: 'test.fail', parameters: { failOn: 7 }, continueOnFail: true },
			input: [{ n: 7 }, { n: 2 }],
		});

		expect(result.status).toBe('success');
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: { error: 'Item 0 is bad' }, pairedItem: { item: 0 } },
			{ json: { ok: 2 }, pairedItem: { item: 1 } },
		]);
	});
});
