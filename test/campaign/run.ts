/**
 * The reliability campaign: `npm run bench:faults`. Runs the six parts against the sandbox on
 * 127.0.0.1 and prints one Markdown table per part, with the date, the machine and the command,
 * ready for the README's "Reliability" section. CAMPAIGN_SCALE=0.1 runs a tenth of the sizes;
 * CAMPAIGN_OUT=file also writes the output there. Short versions of every part run in `npm test`
 * (test/campaign/campaign.test.ts).
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

import { runBadInputCampaign } from './bad-input';
import { runCancelCampaign } from './cancel';
import { CAMPAIGN_KEYS, Evidence, formatTable, secretsTable, type PartTable } from './common';
import { runEuroWalletCampaign } from './eurowallet';
import { runV2Campaign } from './v2';
import { runWebhookCampaign } from './webhooks';

const SCALE = Number(process.env.CAMPAIGN_SCALE ?? 1);
const size = (full: number, floor = 1): number => Math.max(floor, Math.round(full * SCALE));

function machine(): string {
	const cores = cpus();
	let memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
	try {
		memory = `${execSync('free -h', { encoding: 'utf8' }).split('\n')[1].split(/\s+/)[1]} RAM`;
	} catch {
		// free is not everywhere; os.totalmem() is.
	}
	// The load tells whether other work shared the machine during the run.
	return `${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}), ${memory}, Node.js ${process.version}, ${process.platform}, load average ${loadavg()[0].toFixed(1)} at the start`;
}

async function main(): Promise<void> {
	const started = Date.now();
	const host = machine();
	const evidence = Evidence.forKeys(CAMPAIGN_KEYS);
	const tables: PartTable[] = [];
	const log = (line: string): void => {
		process.stderr.write(`[campaign] ${line}\n`);
	};
	const stopCapture = evidence.captureLogs();
	try {
		const part = async <T extends { table: PartTable }>(name: string, run: () => Promise<T>): Promise<T> => {
			const t = Date.now();
			log(`${name}…`);
			const result = await run();
			log(`${name}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
			tables.push(result.table);
			return result;
		};
		await part('1. EuroWallet creates', () => runEuroWalletCampaign({ perProcess: size(500, 10), seed: 101, evidence }));
		await part('2. v2 submits and link publishes', () => runV2Campaign({ submits: size(500, 10), links: size(500, 10), seed: 202, evidence }));
		await part('3. webhooks', () => runWebhookCampaign({ deliveries: size(10000, 100), seed: 303, evidence }));
		await part('4. bad input', () => runBadInputCampaign({ evidence }));
		await part('6. cancellation', () => runCancelCampaign({ repeats: size(5, 1), evidence }));
	} finally {
		stopCapture();
	}
	// Part 5 reads what the other parts fed it, so it is printed in its place but computed last.
	tables.splice(4, 0, secretsTable(evidence));
	const minutes = ((Date.now() - started) / 60000).toFixed(1);
	const output = [
		`Campaign run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${host}: \`npm run bench:faults\`${SCALE === 1 ? '' : ` (CAMPAIGN_SCALE=${SCALE})`}, ${minutes} min.`,
		'',
		...tables.map((table) => `${formatTable(table)}\n`),
	].join('\n');
	process.stdout.write(`${output}\n`);
	if (process.env.CAMPAIGN_OUT) writeFileSync(process.env.CAMPAIGN_OUT, `${output}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
