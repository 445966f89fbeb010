// The Nexpay sandbox emulator: a real HTTP server on 127.0.0.1 for both Nexpay APIs.
export { DEFAULT_SANDBOX_KEYS, startSandbox } from './sandbox';
export { FAULT_BODY_FORMATS, FAULT_KINDS } from './faults';
export { WEBHOOK_VARIANTS } from './webhooks';
export * from './types';
