/**
 * Reading docs/grafana-dashboard.json in tests: its panels (rows' nested panels included) and the
 * PromQL of each target.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const DASHBOARD_PATH = resolve(import.meta.dirname, '../../docs/grafana-dashboard.json');

export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: { expr: string; refId: string; datasource?: { type: string; uid: string } }[];
  panels?: Panel[];
}

export interface Dashboard {
  __inputs: { name: string; type: string; pluginId: string }[];
  schemaVersion: number;
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; query: unknown; datasource: { uid: string } }[] };
}

export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;
}

/** Every panel, those inside rows too. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Each target's PromQL with its panel's title, as written (Grafana variables and all). */
export function dashboardExprs(dashboard = readDashboard()): { title: string; expr: string }[] {
  return panelsOf(dashboard).flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })));
}
