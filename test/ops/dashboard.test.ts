/**
 * docs/grafana-dashboard.json as Grafana imports it: a `${DS_PROMETHEUS}` input every panel uses,
 * schema 39, a panel on each series warroom exports. (That its queries return series is
 * prometheus-scrape.test.ts's job.)
 */
import { describe, expect, it } from 'vitest';
import { WarroomMetrics } from '../../src/ops/metrics.js';
import { dashboardExprs, panelsOf, readDashboard } from './dashboard.js';

/** The datasource input, as Grafana's export writes it (a literal `${…}`, not a template string). */
const DS_INPUT = ['$', '{DS_PROMETHEUS}'].join('');

describe('docs/grafana-dashboard.json', () => {
  const dashboard = readDashboard();
  const panels = panelsOf(dashboard);

  it('should ask for its Prometheus on import and use it in every panel and variable', () => {
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
    ]);
    for (const panel of panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: DS_INPUT });
      for (const target of panel.targets ?? []) expect(target.datasource?.uid, panel.title).toBe(DS_INPUT);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
    for (const variable of dashboard.templating.list) expect(variable.datasource.uid).toBe(DS_INPUT);
  });

  it('should give each panel its own id and place on the grid', () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
    }
    const cells = new Set<string>();
    for (const { gridPos: g, title } of panels) {
      for (let x = g.x; x < g.x + g.w; x += 1) {
        for (let y = g.y; y < g.y + g.h; y += 1) {
          expect(cells.has(`${x},${y}`), `${title} overlaps another panel`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('should chart every series warroom exports', async () => {
    const names = (await new WarroomMetrics().registry.getMetricsAsJSON()).map((m) => m.name);
    const text = dashboardExprs()
      .map((e) => e.expr)
      .join('\n');
    const uncharted = names.filter((name) => !new RegExp(`\\b${name}(_bucket|_count|_sum)?\\b`).test(text));
    expect(uncharted).toEqual([]);
  });
});
