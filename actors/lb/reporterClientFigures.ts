/** The agent reporter-client's figures as metrics: its link to the reporter and the reports it carries. */
import { counter, figureTable, gauge } from '../../runtime/admin/figureTable.js';
import { reactorFigures } from '../../runtime/reactor/reactorFigures.js';

export const reporterClientFigures = figureTable(reactorFigures, {
  reports_sent: counter('lars_agent_reports_sent_total', 'status report frames sent to the reporter or queued for it'),
  reports_dropped: counter('lars_agent_reports_dropped_total', 'status report frames dropped because the queue for the reporter was full (max_queued_reports)'),
  reporter_connected: gauge('lars_agent_reporter_link_up', '1 while the agent has a connection to a reporter, else 0'),
  reports_queued: gauge('lars_agent_reports_queued', 'status report frames queued while no reporter is connected'),
});
