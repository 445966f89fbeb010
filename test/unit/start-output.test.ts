// npm start's console: an error from the node is one readable line, not stack-frame fragments.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createConsoleFilter } = require('../../scripts/n8n/lib/console-lines');

function shown(lines: string[], verbose = false): string[] {
	const out: string[] = [];
	const filter = createConsoleFilter({ verbose, write: (line: string) => out.push(line) });
	for (const line of lines) filter(line);
	return out;
}

const nodeError = [
	'NodeOperationError: Amount: "12,5" is not a decimal amount with at most two decimals [item 0]',
	'    at validateAmount (/home/u/.n8n/nodes/node_modules/n8n-nodes-nexpay/dist/nodes/Nexpay/helpers/validation.js:51:15)',
	'    at ExecuteContext.execute (/home/u/.n8n/nodes/node_modules/n8n-nodes-nexpay/dist/nodes/Nexpay/actions/euroWalletPayment/create.operation.js:301:22)',
	'    at WorkflowExecute.runNode (/n8n/node_modules/n8n-core/dist/execution-engine/workflow-execute.js:726:27)',
];

describe('npm start output', () => {
	it('shows a node error as its heading line only', () => {
		expect(shown(nodeError)).toEqual([nodeError[0]]);
	});

	it('shows the heading of an error whose message does not name the package, once, when its frames do', () => {
		const lines = ['\u001b[31mTypeError: Cannot read properties of undefined (reading \'iban\')\u001b[39m', ...nodeError.slice(1)];
		expect(shown(lines)).toEqual(["TypeError: Cannot read properties of undefined (reading 'iban')"]);
	});

	it('keeps warnings and lines about the package, drops other noise and other packages\' frames', () => {
		const lines = [
			'Editor is now accessible via:',
			'Warning: something is deprecated',
			'Loaded community package n8n-nodes-nexpay',
			'SomeOtherError: not ours',
			'    at x (/n8n/node_modules/other/index.js:1:1)',
		];
		expect(shown(lines)).toEqual(['Warning: something is deprecated', 'Loaded community package n8n-nodes-nexpay']);
	});

	it('reads n8n\'s JSON log lines (npm start sets N8N_LOG_FORMAT=json): errors and warnings as one line, once', () => {
		const entry = (level: string, message: string) => JSON.stringify({ level, message, metadata: { file: 'error-reporter.js' } });
		const lines = [
			entry('info', 'Editor is now accessible via:'),
			entry('error', 'Payment ID "abc" is not a whole number above 0 [item 0]'),
			entry('error', 'Payment ID "abc" is not a whole number above 0 [item 0]'),
			entry('warn', 'A deprecation:\n - N8N_RUNNERS_MODE -> use external'),
			entry('info', 'Loaded community package n8n-nodes-nexpay'),
		];
		expect(shown(lines)).toEqual([
			'error: Payment ID "abc" is not a whole number above 0 [item 0]',
			'warn: A deprecation: - N8N_RUNNERS_MODE -> use external',
			'info: Loaded community package n8n-nodes-nexpay',
		]);
	});

	it('streams everything with --verbose', () => {
		expect(shown(nodeError, true)).toEqual(nodeError);
	});
});
