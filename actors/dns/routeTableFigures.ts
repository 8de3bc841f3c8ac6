/** The route table both DNS actors hold (the watcher loads it, each server serves it): one metric, told apart by the actor label. */
import { gauge } from '../../runtime/admin/figureTable.js';

export const routeTableFigures = {
  route_version: gauge('lars_dns_route_version', 'version of the route table this actor holds'),
  route_keys: gauge('lars_dns_route_keys', 'keys in the route table this actor holds'),
  route_hosts: gauge('lars_dns_route_hosts', 'hosts in the route table this actor holds'),
  stepped_aside: gauge('lars_dns_stepped_aside', '1 while this replica has stepped aside (closed its port), else 0'),
};
