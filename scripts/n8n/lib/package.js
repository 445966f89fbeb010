'use strict';
// Building and packing n8n-nodes-nexpay, and installing the tarball the way n8n's community package
// installer leaves it: <userFolder>/.n8n/nodes/node_modules/<name> plus <userFolder>/.n8n/nodes/package.json.
const fs = require('node:fs');
const path = require('node:path');

const P = require('./paths');
const { run } = require('./proc');

function npmArgs() {
	const cli = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? process.env.npm_execpath : undefined;
	return cli ? { cmd: process.execPath, pre: [cli] } : { cmd: 'npm', pre: [] };
}

async function buildPackage({ logFile } = {}) {
	const { cmd, pre } = npmArgs();
	await run(cmd, [...pre, 'run', 'build'], { cwd: P.ROOT, logFile });
}

/** `npm pack` into destDir; returns the tarball's path. */
async function packPackage(destDir, { logFile } = {}) {
	fs.mkdirSync(destDir, { recursive: true });
	for (const f of fs.readdirSync(destDir)) if (f.endsWith('.tgz')) fs.rmSync(path.join(destDir, f), { force: true });
	const { cmd, pre } = npmArgs();
	const r = await run(cmd, [...pre, 'pack', '--pack-destination', destDir, '--json'], { cwd: P.ROOT, logFile });
	let file;
	try {
		file = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0].filename;
	} catch {
		file = fs.readdirSync(destDir).find((f) => f.endsWith('.tgz'));
	}
	const tgz = path.join(destDir, path.basename(file || ''));
	if (!file || !fs.existsSync(tgz)) throw new Error(`npm pack left no tarball in ${destDir}`);
	return tgz;
}

/** Unpacks the tarball as a community package into the n8n user folder; returns {name, version, dir}. */
async function installCommunityPackage(userFolder, tgz) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const staging = path.join(nodesDir, '.staging');
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	await run('tar', ['-xzf', tgz, '-C', staging, '--strip-components=1']);
	const pkg = JSON.parse(fs.readFileSync(path.join(staging, 'package.json'), 'utf8'));
	const dir = path.join(nodesDir, 'node_modules', pkg.name);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	fs.renameSync(staging, dir);
	const listFile = path.join(nodesDir, 'package.json');
	let list = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		list = JSON.parse(fs.readFileSync(listFile, 'utf8'));
	} catch {
		/* first install */
	}
	list.dependencies = { ...(list.dependencies || {}), [pkg.name]: pkg.version };
	fs.writeFileSync(listFile, `${JSON.stringify(list, null, 2)}\n`);
	return { name: pkg.name, version: pkg.version, dir };
}

module.exports = { buildPackage, packPackage, installCommunityPackage };

/**
 * The node and credential type names the built package declares (package.json `n8n` → dist files →
 * each class's `description.name` / `name`). Needs `npm run build` first.
 */
function declaredTypes() {
	const pkg = JSON.parse(fs.readFileSync(path.join(P.ROOT, 'package.json'), 'utf8'));
	const load = (file, suffix) => {
		const mod = require(path.join(P.ROOT, file));
		const className = path.basename(file).replace(suffix, '');
		const Cls = mod[className];
		if (typeof Cls !== 'function') throw new Error(`${file} does not export a class named ${className}`);
		return new Cls();
	};
	const nodes = ((pkg.n8n && pkg.n8n.nodes) || []).map((f) => {
		const node = load(f, /\.node\.js$/);
		// Versioned nodes keep the name on description; plain nodes too.
		return node.description.name;
	});
	const credentials = ((pkg.n8n && pkg.n8n.credentials) || []).map((f) => load(f, /\.credentials\.js$/).name);
	return { packageName: pkg.name, nodes, credentials };
}

module.exports.declaredTypes = declaredTypes;
