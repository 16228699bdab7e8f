/**
 * window.vpp is typed from the one factory that builds it (preload and
 * preview bridge alike), so the renderer can never drift from the contract.
 */
import type { VppApi } from '../shared/api';

declare global {
  interface Window {
    vpp: VppApi;
  }
}

export {};
