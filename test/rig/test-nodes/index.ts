export { RigInput, RIG_INPUT_TYPE, toExecutionData } from './RigInput.node';
export { RigHttpProbe, RIG_HTTP_PROBE_TYPE, HTTP_REQUEST_NODE_ACCEPT } from './RigHttpProbe.node';
