"use client";
// The growth chart (Recharts, in the browser only: the dashboard's pages import it, the public
// form never does). Screen readers get the numbers from the table next to it, so the drawing
// itself is one image with a name.
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { GrowthPoint } from "@/lib/growth/get-growth-report";

const SERIES = [
  { key: "signups", name: "Signups", color: "#64748b" },
  { key: "confirmations", name: "Confirmations", color: "#059669" },
  { key: "optOuts", name: "Opt-outs", color: "#dc2626" },
] as const;

export function GrowthChart({ points, label }: { points: GrowthPoint[]; label: string }) {
  return (
    <div role="img" aria-label={label} className="h-72 w-full" data-testid="growth-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} accessibilityLayer={false} margin={{ left: -16, right: 8 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="period" tick={{ fontSize: 12, fill: "#475569" }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SERIES.map((series) => (
            <Bar
              key={series.key}
              dataKey={series.key}
              name={series.name}
              fill={series.color}
              isAnimationActive={false}
            />
          ))}
          <Line
            dataKey="net"
            name="Net growth"
            stroke="#1d4ed8"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
