/**
 * Debian's Prometheus (2.42) and promtool for the dashboard and alert tests: `/usr/bin/prometheus` and
 * `/usr/bin/promtool` (or $PROMETHEUS_PATH / $PROMTOOL_PATH), installed by .ci/run like Chromium.
 */
import { existsSync } from 'node:fs';

export const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';
export const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
// On CI both are installed by .ci/run: missing there is a failure, not a skip.
export const havePrometheus = (existsSync(PROMETHEUS) && existsSync(PROMTOOL)) || process.env.CI === 'true';
