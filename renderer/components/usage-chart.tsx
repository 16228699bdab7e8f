/**
 * Licenses used against purchased over time, drawn by Recharts (SVG, with
 * its keyboard and screen-reader layer). The figure carries a title and a
 * one-sentence description, and the same numbers are one click away as a
 * plain table for anyone who cannot read the chart.
 */
import { useId } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime, formatNumber } from '../lib/format';
import { describeUsage, tickFormatter, type UsagePoint } from '../lib/usage-series';

// Hex, not CSS variables: SVG presentation attributes do not resolve var(). Both pass 4.5:1 on white.
const USED = '#2f5fd0';
const PURCHASED = '#4b5466';

export function UsageChart({
  title,
  points,
  height = 220,
  testId,
}: {
  title: string;
  points: readonly UsagePoint[];
  height?: number;
  testId?: string;
}) {
  const titleId = useId();
  const descId = useId();
  const description = describeUsage(points);
  const tick = tickFormatter(points);
  const data = [...points];

  return (
    <figure className="usage-chart" aria-labelledby={titleId} aria-describedby={descId} data-testid={testId}>
      <figcaption className="usage-chart-head">
        <span id={titleId} className="card-title">
          {title}
        </span>
        <span id={descId} className="usage-chart-desc">
          {description}
        </span>
      </figcaption>
      {data.length === 0 ? (
        <p className="usage-chart-empty">Nothing to draw yet: each sync that changes the counts adds a point.</p>
      ) : (
        <ComposedChart
          responsive
          width="100%"
          height={height}
          data={data}
          title={title}
          desc={description}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke="#e1e4ea" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={tick}
            tick={{ fill: '#4b5466', fontSize: 12 }}
            minTickGap={24}
          />
          <YAxis allowDecimals={false} width={48} tick={{ fill: '#4b5466', fontSize: 12 }} domain={[0, 'auto']} />
          <Tooltip
            labelFormatter={(t) => formatDateTime(new Date(Number(t)).toISOString())}
            formatter={(value, name) => [formatNumber(Number(value)), name]}
          />
          <Legend verticalAlign="top" height={28} />
          <Area
            type="stepAfter"
            dataKey="used"
            name="Used"
            stroke={USED}
            strokeWidth={2}
            fill={USED}
            fillOpacity={0.14}
            isAnimationActive={false}
          />
          <Line
            type="stepAfter"
            dataKey="purchased"
            name="Purchased"
            stroke={PURCHASED}
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      )}
      {data.length > 0 ? (
        <details className="usage-chart-table">
          <summary>Show the numbers as a table</summary>
          <table className="simple-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col" className="num">
                  Used
                </th>
                <th scope="col" className="num">
                  Purchased
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((p, i) => (
                <tr key={`${p.t}-${i}`}>
                  <td>{formatDateTime(new Date(p.t).toISOString())}</td>
                  <td className="num">{formatNumber(p.used)}</td>
                  <td className="num">{formatNumber(p.purchased)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </figure>
  );
}
