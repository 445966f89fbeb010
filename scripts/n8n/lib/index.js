'use strict';
// Everything the e2e tests (and start.js) use to drive the real n8n in .n8n-runtime. Types: index.d.ts.
module.exports = {
	...require('./paths'),
	...require('./net'),
	...require('./proc'),
	...require('./n8n'),
	...require('./package'),
	...require('./rest'),
	...require('./sandbox'),
	...require('./instance'),
	...require('./outbox'),
	...require('./services'),
	...require('./queue'),
	ensureN8n: require('../ensure-n8n').ensureN8n,
};
