#!/usr/bin/env node
// Release checks CI can make before any tag exists: the GitHub workflows parse and say what they must
// (CI runs .ci/run; publish runs on a version tag with provenance and id-token: write), and
// `npm publish --dry-run` accepts the packed tarball.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];
const expect = (ok, message) => ok || problems.push(message);

const workflows = {};
const dir = join(root, '.github', 'workflows');
for (const file of readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))) {
	const doc = parseDocument(readFileSync(join(dir, file), 'utf8'), { prettyErrors: true, uniqueKeys: true });
	for (const error of doc.errors) problems.push(`${file}: ${error.message}`);
	workflows[file] = doc.toJS();
	const jobs = Object.values(workflows[file]?.jobs ?? {});
	expect(jobs.length > 0, `${file}: no jobs`);
	for (const job of jobs) {
		expect(typeof job['runs-on'] === 'string', `${file}: a job has no runs-on`);
		expect(Array.isArray(job.steps) && job.steps.every((step) => step.uses || step.run), `${file}: a step has neither uses nor run`);
	}
}

const ci = workflows['ci.yml'];
expect(ci, 'ci.yml is missing');
expect(JSON.stringify(ci ?? {}).includes('.ci/run'), 'ci.yml does not run .ci/run');
const publish = workflows['publish.yml'];
expect(publish, 'publish.yml is missing');
const publishJob = Object.values(publish?.jobs ?? {})[0] ?? {};
expect(publish?.on?.push?.tags?.length > 0 && !publish.on.push.branches, 'publish.yml must run on version tags only');
expect(publishJob.permissions?.['id-token'] === 'write', 'publish.yml needs permissions id-token: write');
expect(
	(publishJob.steps ?? []).some((step) => /npm publish\b.*--provenance/.test(step.run ?? '')),
	'publish.yml must run npm publish --provenance',
);

// npm shows README.md without the repository around it: relative image paths do not load there.
const readme = readFileSync(join(root, 'README.md'), 'utf8');
for (const [, markdownSrc, htmlSrc] of readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)|<img[^>]+src="([^"]+)"/g)) {
	const src = markdownSrc ?? htmlSrc;
	expect(/^https:\/\//.test(src), `README.md image ${src} is not an absolute https URL (npm cannot load it)`);
}

const work = mkdtempSync(join(tmpdir(), 'nexpay-publish-'));
try {
	const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
	expect(pack.status === 0, `npm pack failed: ${pack.stderr}`);
	const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
	if (tarball) {
		// From an empty directory, so only the tarball is published (and no project .npmrc applies).
		const dry = spawnSync('npm', ['publish', '--dry-run', '--access', 'public', join(work, tarball)], {
			cwd: work,
			encoding: 'utf8',
		});
		expect(dry.status === 0, `npm publish --dry-run failed:\n${dry.stderr}`);
		if (dry.status === 0) console.log(`npm publish --dry-run ${tarball}: ok`);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
	console.error(problems.map((problem) => `✖ ${problem}`).join('\n'));
	process.exit(1);
}
console.log(`workflows parse and check out: ${Object.keys(workflows).join(', ')}`);
