/** The route-watcher's figures as metrics: store polls, and the registration leases it writes and expires. */
import { counter, figureTable, gauge } from '../../runtime/admin/figureTable.js';
import { routeTableFigures } from './routeTableFigures.js';

const lease = (metric: string, help: string): ReturnType<typeof counter> => counter(`lars_dns_lease_${metric}_total`, help);

export const routeWatcherFigures = figureTable(routeTableFigures, {
  polls: counter('lars_dns_store_polls_total', 'polls of the store for route changes'),
  fullReloads: counter('lars_dns_full_reloads_total', 'whole route tables loaded from the store'),
  deltas: counter('lars_dns_deltas_total', 'route change sets applied from the store change log'),
  changedKeys: counter('lars_dns_changed_keys_total', 'keys changed by the applied change sets'),
  storeErrors: counter('lars_dns_store_errors_total', 'store polls or loads that failed'),
  pruned: counter('lars_dns_change_log_pruned_total', 'change log rows pruned by age'),
  auditPruned: counter('lars_dns_audit_pruned_total', 'route audit rows pruned by age'),
  steppedAside: counter('lars_dns_step_asides_total', 'times this replica stepped aside (store unreachable for step_aside_after)'),
  stalledPolls: counter('lars_dns_stalled_polls_total', 'store polls that ran past their stall bound'),
  dbConflicts: counter('lars_store_conflicts_total', 'store transactions that lost a race (deadlock, lock wait, Galera certification) and were run again'),
  storeFailovers: counter('lars_store_failovers_total', 'moves to another host of the store URL list'),
  lease_edits: lease('edits', 'registration lease edits written to the store'),
  lease_edit_errors: lease('edit_errors', 'registration lease edits the store refused or failed'),
  registrations_written: lease('registrations_written', 'registrations written as leases'),
  deregistrations_written: lease('deregistrations_written', 'deregistrations written (leases deleted)'),
  renewals_written: lease('renewals_written', 'lease renewals written'),
  renew_batches: lease('renew_batches', 'renewal statements run (one per batch)'),
  renew_errors: lease('renew_errors', 'renewal statements that failed'),
  re_registered: lease('re_registered', 'renewals of leases that were gone, registered again'),
  renew_moved: lease('renew_moved', 'renewals of leases another owner holds now, dropped'),
  sweeps: lease('sweeps', 'expiry sweeps over the lease table'),
  sweep_errors: lease('sweep_errors', 'expiry sweeps that failed'),
  expired: lease('expired', 'leases expired by a sweep'),
  expiry_paused_sweeps: lease('expiry_paused_sweeps', 'sweeps that held expiry back (too large a share of leases was late)'),
  store_degraded: gauge('lars_dns_store_degraded', '1 while the store is unreachable and the last loaded routes are served, else 0'),
  expiry_paused: gauge('lars_dns_lease_expiry_paused', '1 while lease expiry is held back, else 0'),
  leases: gauge('lars_dns_leases', 'registration leases seen by the last sweep'),
  leases_late: gauge('lars_dns_leases_late', 'leases past their deadline at the last sweep'),
  renewals_pending: gauge('lars_dns_lease_renewals_pending', 'renewals waiting to be written'),
});
