// tsc never removes stale output, so every build starts from an empty dist/.
require('node:fs').rmSync(require('node:path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
