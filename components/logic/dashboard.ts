/**
 * The operations dashboard, as plain data: one CloudWatch dashboard in the home region whose
 * widgets name their own region, so every region shows side by side.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
import { ROUTE53_METRICS_REGION } from "./regions";

/** What the dashboard shows of one region. */
export interface DashboardRegion {
    readonly region: string;
    readonly apiName?: string;
    readonly stageName?: string;
    readonly healthCheckId?: string;
}

/** Inputs of {@link buildDashboardBody}. */
export interface DashboardInput {
    readonly tableName: string;
    readonly regions: readonly DashboardRegion[];
}

type Metric = (string | Record<string, unknown>)[];

interface Widget {
    readonly type: "metric" | "text";
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly properties: Record<string, unknown>;
}

const WIDTH = 24;

/** The dashboard body (`aws.cloudwatch.Dashboard.dashboardBody`, before JSON encoding). */
export function buildDashboardBody(input: DashboardInput): { widgets: Widget[] } {
    const widgets: Widget[] = [];
    const cols = Math.max(1, input.regions.length);
    const w = Math.max(6, Math.floor(WIDTH / cols));
    let y = 0;
    const row = (title: string, metricsOf: (r: DashboardRegion) => Metric[] | undefined, extra: Record<string, unknown> = {}, regionOf?: (r: DashboardRegion) => string) => {
        input.regions.forEach((r, i) => {
            const metrics = metricsOf(r);
            if (!metrics || metrics.length === 0) return;
            widgets.push({
                type: "metric", x: (i * w) % WIDTH, y, width: w, height: 6,
                properties: { title: `${title}: ${r.region}`, region: regionOf ? regionOf(r) : r.region, metrics, view: "timeSeries", period: 60, ...extra },
            });
        });
        y += 6;
    };
    widgets.push({ type: "text", x: 0, y, width: WIDTH, height: 1, properties: { markdown: `## ${input.tableName}: every region side by side` } });
    y += 1;
    const api = (r: DashboardRegion) => r.apiName ? { ApiName: r.apiName, Stage: r.stageName ?? "" } : undefined;
    row("Requests", r => api(r) && [["AWS/ApiGateway", "Count", "ApiName", r.apiName!, "Stage", r.stageName ?? "", { stat: "Sum" }]]);
    row("Errors", r => api(r) && [
        ["AWS/ApiGateway", "5XXError", "ApiName", r.apiName!, "Stage", r.stageName ?? "", { stat: "Sum" }],
        ["AWS/ApiGateway", "4XXError", "ApiName", r.apiName!, "Stage", r.stageName ?? "", { stat: "Sum" }],
    ]);
    row("Latency p99 (ms)", r => api(r) && [["AWS/ApiGateway", "Latency", "ApiName", r.apiName!, "Stage", r.stageName ?? "", { stat: "p99" }]]);
    row("Replication latency (ms)", r => input.regions.filter(o => o.region !== r.region).map(o =>
        ["AWS/DynamoDB", "ReplicationLatency", "TableName", input.tableName, "ReceivingRegion", o.region, { stat: "Average", label: `to ${o.region}` }]));
    row("Health check (1 = healthy)", r => r.healthCheckId ? [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", r.healthCheckId, { stat: "Minimum" }]] : undefined,
        { yAxis: { left: { min: 0, max: 1 } } }, () => ROUTE53_METRICS_REGION);
    return { widgets };
}
