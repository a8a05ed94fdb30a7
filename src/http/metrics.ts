// /metrics: Prometheus' text format (observability/metrics.ts), on every instance's HTTP server.
import type { Metrics } from '../observability/metrics.js';
import { type Route, send } from './server.js';

export function metricsRoutes(metrics: Metrics): Route[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      async handle(_req, res) {
        const { contentType, body } = await metrics.text();
        send(res, 200, contentType, body, { 'cache-control': 'no-store' });
      },
    },
  ];
}
