import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { startSandbox } from '../sandbox';

const ROOT = join(__dirname, '..', '..');

function runCli(port: string): ChildProcessWithoutNullStreams {
	return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/sandbox/cli.ts'], {
		cwd: ROOT,
		env: { ...process.env, SANDBOX_PORT: port },
	});
}

function collect(child: ChildProcessWithoutNullStreams): { out: () => string; err: () => string; exit: Promise<number | null> } {
	let out = '';
	let err = '';
	child.stdout.on('data', (c: Buffer) => (out += c.toString()));
	child.stderr.on('data', (c: Buffer) => (err += c.toString()));
	const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return { out: () => out, err: () => err, exit };
}

describe('sandbox CLI', () => {
	it('prints the URL, keys and public key, serves, and exits cleanly on SIGINT', async () => {
		const child = runCli('0');
		const output = collect(child);
		const url = await new Promise<string>((resolve, reject) => {
			child.stdout.on('data', () => {
				const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.out());
				if (match && output.out().includes('Ctrl-C')) resolve(match[1]);
			});
			child.on('exit', () => reject(new Error(`CLI exited early: ${output.err()}`)));
		});
		expect(output.out()).toContain('sandbox-ew-secret-key-not-a-secret-0001');
		expect(output.out()).toContain('-----BEGIN PUBLIC KEY-----');
		expect(output.out()).toContain('/__sandbox/faults');
		const info = (await (await fetch(`${url}/__sandbox/info`)).json()) as { url: string };
		expect(info.url).toBe(url);
		child.kill('SIGINT');
		expect(await output.exit).toBe(0);
	});

	it('reports a taken port in one line and exits 1', async () => {
		const blocker = await startSandbox();
		try {
			const port = new URL(blocker.url).port;
			const output = collect(runCli(port));
			expect(await output.exit).toBe(1);
			expect(output.err()).toBe(`port ${port} is in use; set SANDBOX_PORT\n`);
		} finally {
			await blocker.close();
		}
	});
});
