/** Whether Apple can be reached: the online flag and the background probe that keeps it honest. */
export { Connectivity } from './connectivity';
export { Probe } from './probe';
