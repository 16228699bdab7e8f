/**
 * IPC channel naming, in a file of its own with no imports: the sandboxed
 * preload needs this string without bundling the schemas behind the contract.
 */
export const IPC_PREFIX = 'vpp:';
