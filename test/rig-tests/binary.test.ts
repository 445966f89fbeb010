import { runWorkflow } from '../rig';
import { ReadFileNode, WriteFileNode } from './fixtures/nodes';

describe('binary data', () => {
	it('round-trips through prepareBinaryData and getBinaryDataBuffer in filesystem mode', async () => {
		const result = await runWorkflow({
			nodeTypes: [new WriteFileNode(), new ReadFileNode()],
			nodes: [
				{ name: 'Input', type: 'rig.input', parameters: { items: JSON.stringify([{ text: 'héllo' }, { text: 'wörld' }]) } },
				{ name: 'Write', type: 'test.writeFile' },
				{ name: 'Read', type: 'test.readFile' },
			],
		});

		expect(result.status).toBe('success');
		const [written] = result.output('Write');
		// Stored like a real instance: the bytes sit behind `id`, `data` only names the mode.
		expect(written.binary?.data).toMatchObject({
			mimeType: 'text/plain',
			fileName: 'file-0.txt',
			data: 'filesystem-v2',
			id: expect.stringMatching(/^filesystem-v2:/),
			bytes: 6,
		});
		expect(result.output('Read').map((item) => item.json)).toEqual([
			{ text: 'héllo', stored: 'filesystem-v2' },
			{ text: 'wörld', stored: 'filesystem-v2' },
		]);
	});

	it('reads inline (base64) binary given as input, as n8n does for data without an id', async () => {
		const result = await runWorkflow({
			nodeTypes: [new ReadFileNode()],
			nodes: [
				{
					name: 'Input',
					type: 'rig.input',
					parameters: {
						items: JSON.stringify([
							{ json: {}, binary: { data: { data: Buffer.from('inline').toString('base64'), mimeType: 'text/plain' } } },
						]),
					},
				},
				{ name: 'Read', type: 'test.readFile' },
			],
		});

		expect(result.output('Read')[0].json.text).toBe('inline');
	});
});
