/** Tests start and restart processes on fixed ports too: the same finders as the benchmarks. */
export { freeTcpPort, freeUdpPortTriple } from '../../bench/freePorts.js';
