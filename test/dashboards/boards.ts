/** The Grafana dashboards of dashboards/*.json as the dashboard tests read them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DASHBOARDS = join(resolve(import.meta.dirname, '../..'), 'dashboards');

/**
 * A panel whose description holds this phrase may have no data on a healthy devnet (the live test
 * accepts it empty); every other panel must show data, if only a 0.
 */
export const EMPTY_BY_DESIGN = 'Empty by design';

export interface Panel {
  id: number;
  title: string;
  type: string;
  description?: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string; legendFormat?: string; instant?: boolean; format?: string }>;
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; query: { query: string } }> };
}

export function dashboardFiles(): string[] {
  return readdirSync(DASHBOARDS)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function loadBoard(file: string): Dashboard {
  return JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) as Dashboard;
}

export function loadBoards(): Array<{ file: string; board: Dashboard }> {
  return dashboardFiles().map((file) => ({ file, board: loadBoard(file) }));
}

/** Panels that query something (rows and text panels do not), with their expressions. */
export function boardQueries(board: Dashboard): Array<{ panel: Panel; exprs: string[] }> {
  return board.panels
    .filter((p) => (p.targets ?? []).length > 0)
    .map((panel) => ({ panel, exprs: (panel.targets ?? []).map((t) => t.expr) }));
}
